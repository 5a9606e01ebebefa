package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// SyntheticLibrary is a made-up account of any size, for benchmarks and black-box tests of big
// libraries (the trophy index's benchmarks, the browser's at 20,000 titles, the binary's first frame
// and memory): every title has a platinum and 49 other trophies, a third of them earned (all of them
// in every eighth title), rates spread over 0.1–99.9%, some hidden, some PS5 progress trophies,
// names and descriptions from a word list so words have realistic hit rates, titles last played
// five hours apart going back from June 2026.
type SyntheticLibrary struct {
	Language string // the cache's language ("" the store's default)
	Account  string // "me" or a numeric account ID
	Titles   int
	// TitleListOnly writes the title list alone (a first frame needs nothing else).
	TitleListOnly bool
	// List, when set, are the titles to write trophies for instead of SyntheticTitles(Titles): a
	// title list cached already (from a fake server the binary then refreshes against), which is
	// left as it is. Each title's records carry its set version, counts and last update, so the
	// cache holds them as current.
	List []psnapi.TrophyTitle
}

// SyntheticPerTitle is the number of trophies of each synthetic title.
const SyntheticPerTitle = 50

// WriteSyntheticLibrary writes s into the cache under p. It writes records straight to their files,
// without the cache's atomic writes (20,000 titles take seconds, not minutes): never point it at a
// cache that matters.
func WriteSyntheticLibrary(p Paths, s SyntheticLibrary) error {
	l, err := Open(p, Options{Language: s.Language})
	if err != nil {
		return err
	}
	defer l.Close()
	key := s.Account
	if key == "" {
		key = "me"
	}
	titles := s.List
	if titles == nil {
		titles = SyntheticTitles(s.Titles)
		if err := l.saveTitles(key, &titlesRecord{Titles: titles, FetchedAt: time.Now()}); err != nil {
			return err
		}
	}
	if s.TitleListOnly {
		return nil
	}
	for i, t := range titles {
		if err := l.writeSyntheticTitle(key, t, i); err != nil {
			return err
		}
	}
	return nil
}

// SyntheticTitles is the title list of a synthetic library of n titles, most recently played first.
func SyntheticTitles(n int) []psnapi.TrophyTitle {
	base := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	out := make([]psnapi.TrophyTitle, n)
	for i := range out {
		out[i] = psnapi.TrophyTitle{
			NPServiceName: "trophy2", NPCommunicationID: fmt.Sprintf("NPWR%05d_00", i), TrophySetVersion: "01.00",
			TrophyTitleName:     fmt.Sprintf("A Game With A Fairly Long Name %d: Deluxe Edition", i),
			TrophyTitleIconURL:  fmt.Sprintf("https://psnobj.prod.dl.playstation.net/psnobj/NPWR%05d_00/%s.png", i, strings.Repeat("0a1b2c3d", 5)),
			TrophyTitlePlatform: []string{"PS5", "PS4", "PS5,PSPC", "PS3", "PSVITA"}[i%5],
			DefinedTrophies:     psnapi.TrophyCounts{Bronze: 29, Silver: 10, Gold: 10, Platinum: 1}, Progress: i % 101,
			EarnedTrophies:      psnapi.TrophyCounts{Bronze: i % 40, Silver: i % 6},
			LastUpdatedDateTime: base.Add(-time.Duration(i) * 5 * time.Hour), // newest first, over about 11 years
		}
	}
	return out
}

var syntheticWords = strings.Fields(`golden silent iron crimson hidden lunar broken sacred restless frozen shattered eternal
	scholar champion hunter wanderer guardian oracle vanguard legacy kingdom harbor spectrum frontier tide protocol
	master collector survivor explorer veteran rookie legend hero warden pilot sniper racer builder crafter diver
	treasure secret journey battle victory storm shadow flame river mountain forest desert island castle temple
	dragon phoenix wolf raven tiger serpent titan giant spirit ghost knight queen king prince thief pirate ninja`)

// writeSyntheticTitle writes title ti's definitions and earned status.
func (l *Library) writeSyntheticTitle(key string, t psnapi.TrophyTitle, ti int) error {
	d := defsRecord{NPCommunicationID: t.NPCommunicationID, SetVersion: t.TrophySetVersion, Defined: t.DefinedTrophies}
	e := earnedRecord{NPCommunicationID: t.NPCommunicationID, LastUpdated: t.LastUpdatedDateTime, SetVersion: t.TrophySetVersion, Defined: t.DefinedTrophies}
	grades := []psnapi.Grade{psnapi.Bronze, psnapi.Bronze, psnapi.Bronze, psnapi.Silver, psnapi.Gold}
	w := func(k int) string { return syntheticWords[k%len(syntheticWords)] }
	for i := 0; i < SyntheticPerTitle; i++ {
		g := grades[i%len(grades)]
		if i == 0 {
			g = psnapi.Platinum
		}
		h := ti*7919 + i*104729
		tr := psnapi.Trophy{TrophyID: i, TrophyHidden: i%17 == 5, TrophyType: g,
			TrophyName:    capital(w(h)) + " " + capital(w(h/7)),
			TrophyDetail:  fmt.Sprintf("Defeat the %s %s in chapter %d without losing a %s at the %s", w(h/3), w(h/11), i/5+1, w(h/13), w(h/17)),
			TrophyIconURL: fmt.Sprintf("https://image.api.playstation.com/trophy/np/%s_00_%s/%s%d.PNG", t.NPCommunicationID, strings.Repeat("9F8E7D6C", 4), strings.Repeat("A1B2", 8), i),
			TrophyGroupID: "default"}
		if i%10 == 3 {
			tr.TrophyProgressTargetValue = "100"
		}
		d.Trophies = append(d.Trophies, tr)
		rate := float64(h%999+1) / 10
		if i == 0 {
			rate = float64(h%150+1) / 10
		}
		s := psnapi.EarnedTrophy{TrophyID: i, TrophyType: g, TrophyRare: psnapi.Rarity(min(3, int(rate/15))), TrophyEarnedRate: fmt.Sprintf("%.1f", rate)}
		if i%3 == 0 && i > 0 || ti%8 == 0 {
			s.Earned, s.EarnedDateTime = true, t.LastUpdatedDateTime.Add(-time.Duration(SyntheticPerTitle-i)*37*time.Minute)
		} else if tr.TrophyProgressTargetValue != "" {
			s.Progress = fmt.Sprint(h % 100)
		}
		e.Trophies = append(e.Trophies, s)
	}
	for _, rec := range []struct {
		path string
		kind byte
		v    any
	}{{l.defsPath(t.NPCommunicationID), kindDefs, d}, {l.earnedPath(key, t.NPCommunicationID), kindEarned, e}} {
		b, err := encodeRecord(rec.kind, rec.v)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(rec.path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(rec.path, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// capital upper-cases a word's first letter (the word list is ASCII).
func capital(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
