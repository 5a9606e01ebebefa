package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// A hand-made cache for the trophy index's tests: titles written straight into the cache files, as
// a sync would have left them.

type craftTrophy struct {
	name, detail string
	grade        psnapi.Grade
	hidden       bool
	earned       bool
	at           time.Time
	rate         string
	rare         psnapi.Rarity
	progress     string // the account's progress
	target       string // the definition's progress target
	group        string
	noStatus     bool // the earned record lacks this trophy
}

type craftTitle struct {
	id, name, platform string
	trophies           []craftTrophy
	help               []int // trophy IDs with Game Help
	noEarned           bool  // the account's earned status is not cached
	noDefs             bool
	groups             []psnapi.TrophyGroup
	updated            time.Time
}

func (c craftTitle) title() psnapi.TrophyTitle {
	t := psnapi.TrophyTitle{NPCommunicationID: c.id, TrophyTitleName: c.name, TrophyTitlePlatform: c.platform,
		TrophySetVersion: "01.00", NPServiceName: "trophy2", LastUpdatedDateTime: c.updated, HasTrophyGroups: len(c.groups) > 0,
		TrophyTitleIconURL: "https://example.com/" + c.id + ".png"}
	if t.LastUpdatedDateTime.IsZero() {
		t.LastUpdatedDateTime = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var def, earned psnapi.TrophyCounts
	for _, tr := range c.trophies {
		def = def.Add(countOf(tr.grade))
		if tr.earned {
			earned = earned.Add(countOf(tr.grade))
		}
	}
	t.DefinedTrophies, t.EarnedTrophies, t.Progress = def, earned, progress(earned, def)
	return t
}

// craft writes the titles (in this order: the list's) and their records for the account key.
func craft(t testing.TB, l *Library, key string, titles ...craftTitle) []psnapi.TrophyTitle {
	t.Helper()
	var list []psnapi.TrophyTitle
	for _, c := range titles {
		tt := c.title()
		list = append(list, tt)
		writeCrafted(t, l, key, c, tt)
	}
	if err := l.saveTitles(key, &titlesRecord{Titles: list, FetchedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return list
}

func writeCrafted(t testing.TB, l *Library, key string, c craftTitle, tt psnapi.TrophyTitle) {
	t.Helper()
	d := defsRecord{NPCommunicationID: c.id, SetVersion: tt.TrophySetVersion, Defined: tt.DefinedTrophies, Groups: c.groups,
		HasGroups: len(c.groups) > 0}
	e := earnedRecord{NPCommunicationID: c.id, LastUpdated: tt.LastUpdatedDateTime, SetVersion: tt.TrophySetVersion, Defined: tt.DefinedTrophies}
	for i, tr := range c.trophies {
		group := tr.group
		if group == "" {
			group = "default"
		}
		d.Trophies = append(d.Trophies, psnapi.Trophy{TrophyID: i, TrophyHidden: tr.hidden, TrophyType: tr.grade, TrophyName: tr.name,
			TrophyDetail: tr.detail, TrophyIconURL: fmt.Sprintf("https://example.com/%s/%d.png", c.id, i), TrophyGroupID: group,
			TrophyProgressTargetValue: tr.target})
		if tr.noStatus {
			continue
		}
		s := psnapi.EarnedTrophy{TrophyID: i, TrophyHidden: tr.hidden, Earned: tr.earned, TrophyType: tr.grade, TrophyRare: tr.rare,
			TrophyEarnedRate: tr.rate, Progress: tr.progress}
		if tr.earned {
			s.EarnedDateTime = tr.at
		}
		e.Trophies = append(e.Trophies, s)
	}
	if !c.noDefs {
		if err := l.writeRecord(l.defsPath(c.id), kindDefs, d); err != nil {
			t.Fatal(err)
		}
	}
	if !c.noEarned {
		if err := l.writeRecord(l.earnedPath(key, c.id), kindEarned, e); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.help) > 0 {
		var h psnapi.HintAvailability
		for _, id := range c.help {
			h.Trophies = append(h.Trophies, psnapi.HintTrophy{TrophyID: strconv.Itoa(id)})
		}
		if err := l.writeRecord(l.hintsPath(c.id), kindHints, hintsRecord{FetchedAt: time.Now(), Hints: h}); err != nil {
			t.Fatal(err)
		}
	}
}

// names lists items as "title/trophy", sorted, for comparisons.
func names(items []HuntItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Title.TrophyTitleName + "/" + it.Trophy.TrophyName
	}
	sort.Strings(out)
	return out
}

// indexFiles lists the files of the account's index directory.
func indexFiles(t testing.TB, l *Library, key string) []string {
	t.Helper()
	entries, _ := os.ReadDir(l.tixDir(key))
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func manifestOf(t testing.TB, l *Library, key string) *tixManifest {
	t.Helper()
	m, err := readManifest(l.tixDir(key))
	if err != nil || m == nil {
		t.Fatalf("no manifest: %v", err)
	}
	return m
}

func markerCount(l *Library, key string) int {
	entries, _ := os.ReadDir(filepath.Join(l.tixDir(key), "changes"))
	return len(entries)
}
