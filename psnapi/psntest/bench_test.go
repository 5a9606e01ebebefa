package psntest

import (
	"io"
	"net/http"
	"testing"
)

func BenchmarkNewServer20000(b *testing.B) {
	for b.Loop() {
		s := NewServer(Options{Titles: 20000})
		s.Close()
	}
}

// BenchmarkTitlePage20000 is one limit=800 page of a 20,000-title account, through HTTP.
func BenchmarkTitlePage20000(b *testing.B) {
	s, creds := StartDemo(Options{Titles: 20000})
	defer s.Close()
	req, _ := http.NewRequest("GET", s.APIBase()+"/trophy/v1/users/me/trophyTitles?limit=800&offset=9600", nil)
	req.Header.Set("Authorization", "Bearer "+creds.AccessToken)
	for b.Loop() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatal(resp.Status)
		}
	}
}

// BenchmarkEarnedTrophies is a title's earned trophies (generated on the first request).
func BenchmarkEarnedTrophies(b *testing.B) {
	s, creds := StartDemo(Options{})
	defer s.Close()
	req, _ := http.NewRequest("GET", s.APIBase()+"/trophy/v1/users/me/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies", nil)
	req.Header.Set("Authorization", "Bearer "+creds.AccessToken)
	for b.Loop() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
