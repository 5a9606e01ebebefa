package psnapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// FuzzOneBadRecord puts any record between two good ones in each list answer: whatever it holds,
// the answer decodes (if the whole body is valid JSON), both good records are kept, and the odd one
// is either kept or named in one clean line of Skipped. Issue 14 #3: one bad field never sinks
// the list around it.
func FuzzOneBadRecord(f *testing.F) {
	for _, s := range []string{
		goodTitle, `null`, `1`, `"x"`, `[]`, `{}`,
		`{"npCommunicationId":"NPWR1_00","lastUpdatedDateTime":"9999-99-99T00:00:00Z"}`,
		`{"npCommunicationId":"NPWR1_00","hasTrophyGroups":"yes"}`,
		`{"npCommunicationId":"NPWR1_00","progress":1e400}`,
		`{"npCommunicationId":"NPWR1_00","progress":"42","definedTrophies":{"bronze":"3"}}`,
		`{"trophyId":"7","earned":true,"earnedDateTime":"","progress":5,"progressRate":"50","trophyEarnedRate":1.5}`,
		`{"trophyId":-1}`, `{"trophyId":1e30}`, `{"trophyGroupId":"001","definedTrophies":{"gold":-3}}`,
		`{"trophyGroupId":"001","progress":"lots"}`, `{"trophyId":3,"trophyName":"\u001b]8;;evil\u0007x\n"}`,
	} {
		for kind := range recordLists {
			f.Add(uint8(kind), []byte(s))
		}
	}
	addRecorded("/trophyTitles", func(it interaction) {
		var page struct {
			TrophyTitles []json.RawMessage `json:"trophyTitles"`
		}
		if it.Status == 200 && json.Unmarshal([]byte(it.Body), &page) == nil && len(page.TrophyTitles) > 0 {
			f.Add(uint8(0), []byte(page.TrophyTitles[0]))
		}
	})
	f.Fuzz(func(t *testing.T, kind uint8, record []byte) {
		l := recordLists[int(kind)%len(recordLists)]
		if !json.Valid(record) { // "x","y" would be two records, not one bad one
			return
		}
		body := `{"` + l.field + `":[` + l.good[0] + `,` + string(record) + `,` + l.good[1] + `]` + l.extra + `}`
		if !json.Valid([]byte(body)) {
			return
		}
		kept, skipped, err := l.decode([]byte(body))
		if err != nil {
			t.Fatalf("%s: one record sank the answer: %v\n%s", l.field, err, body)
		}
		if len(kept) < 2 || kept[0] != l.ids[0] || kept[len(kept)-1] != l.ids[1] || len(kept)+len(skipped) != 3 {
			t.Fatalf("%s: kept %q, skipped %q", l.field, kept, skipped)
		}
		for _, s := range skipped {
			if len(s) > maxMessageLen+8 || !strings.HasPrefix(s, "skipped ") {
				t.Fatalf("note %q", s)
			}
			for _, r := range s {
				if !unicode.IsPrint(r) {
					t.Fatalf("unprintable %q in note %q", r, s)
				}
			}
		}
	})
}

type recordList struct {
	field  string
	good   [2]string
	ids    [2]string
	extra  string
	decode func([]byte) (kept, skipped []string, err error)
}

var recordLists = []recordList{
	{field: "trophyTitles",
		good: [2]string{goodTitle, strings.Replace(goodTitle, "NPWR20188_00", "NPWR99999_00", 1)},
		ids:  [2]string{"NPWR20188_00", "NPWR99999_00"},
		decode: func(b []byte) ([]string, []string, error) {
			var v TrophyTitles
			err := decodeJSON("x", b, &v)
			var ids []string
			for _, t := range v.TrophyTitles {
				ids = append(ids, t.NPCommunicationID)
			}
			return ids, v.Skipped, err
		}},
	{field: "trophies", extra: `,"trophySetVersion":"01.00"`,
		good: [2]string{`{"trophyId":0,"trophyType":"platinum","trophyName":"a","trophyGroupId":"default"}`,
			`{"trophyId":99,"trophyType":"bronze","trophyName":"b","trophyGroupId":"001"}`},
		ids: [2]string{"0", "99"},
		decode: func(b []byte) ([]string, []string, error) {
			var v TitleTrophies
			err := decodeJSON("x", b, &v)
			var ids []string
			for _, t := range v.Trophies {
				ids = append(ids, itoa(t.TrophyID))
			}
			return ids, v.Skipped, err
		}},
	{field: "trophies", extra: `,"lastUpdatedDateTime":"2021-01-01T00:00:00Z"`,
		good: [2]string{`{"trophyId":0,"earned":true,"earnedDateTime":"2020-01-01T00:00:00Z","trophyType":"platinum","trophyRare":0,"trophyEarnedRate":"1.0"}`,
			`{"trophyId":99,"earned":false,"trophyType":"bronze","trophyRare":3,"trophyEarnedRate":"80.0"}`},
		ids: [2]string{"0", "99"},
		decode: func(b []byte) ([]string, []string, error) {
			var v EarnedTrophies
			err := decodeJSON("x", b, &v)
			var ids []string
			for _, t := range v.Trophies {
				ids = append(ids, itoa(t.TrophyID))
			}
			return ids, v.Skipped, err
		}},
	{field: "trophyGroups", extra: `,"definedTrophies":{"bronze":2}`,
		good: [2]string{`{"trophyGroupId":"default","trophyGroupName":"a","definedTrophies":{"bronze":1}}`,
			`{"trophyGroupId":"099","trophyGroupName":"b","definedTrophies":{"bronze":1}}`},
		ids: [2]string{"default", "099"},
		decode: func(b []byte) ([]string, []string, error) {
			var v TitleTrophyGroups
			err := decodeJSON("x", b, &v)
			var ids []string
			for _, g := range v.TrophyGroups {
				ids = append(ids, g.TrophyGroupID)
			}
			return ids, v.Skipped, err
		}},
	{field: "trophyGroups", extra: `,"progress":10`,
		good: [2]string{`{"trophyGroupId":"default","progress":10,"earnedTrophies":{"bronze":1}}`,
			`{"trophyGroupId":"099","progress":0,"earnedTrophies":{}}`},
		ids: [2]string{"default", "099"},
		decode: func(b []byte) ([]string, []string, error) {
			var v EarnedTrophyGroups
			err := decodeJSON("x", b, &v)
			var ids []string
			for _, g := range v.TrophyGroups {
				ids = append(ids, g.TrophyGroupID)
			}
			return ids, v.Skipped, err
		}},
}

// FuzzFastAndSlowDecodingAgree: whenever the strict fast path accepts an answer, reading it record
// by record gives the same result, so which path ran never shows.
func FuzzFastAndSlowDecodingAgree(f *testing.F) {
	for _, s := range []string{refTitlesExample1, refTitlesExample2, refTitleTrophiesExample1, refTitleTrophiesExample2,
		refEarnedExample1, refEarnedExample2, `{"trophies":[{"trophyId":1,"earnedDateTime":null,"progress":"3"}],"totalItemCount":1}`,
		`{"trophyTitles":[{"npCommunicationId":"x","progress":7,"lastUpdatedDateTime":"2020-01-01T00:00:00.5+02:00"}],"nextOffset":null}`} {
		f.Add([]byte(s))
	}
	addRecorded("/trophy/", func(it interaction) {
		if it.Status == 200 && len(it.Body) < 30000 {
			f.Add([]byte(it.Body))
		}
	})
	f.Fuzz(func(t *testing.T, b []byte) {
		var ft, st TrophyTitles
		if ft.fast(b) {
			if err := st.slow(b); err != nil || !reflect.DeepEqual(ft, st) {
				t.Fatalf("titles: fast %+v, slow %+v (%v)", ft, st, err)
			}
		}
		var fd, sd TitleTrophies
		if fd.fast(b) {
			if err := sd.slow(b); err != nil || !reflect.DeepEqual(fd, sd) {
				t.Fatalf("trophies: fast %+v, slow %+v (%v)", fd, sd, err)
			}
		}
		var fe, se EarnedTrophies
		if fe.fast(b) {
			if err := se.slow(b); err != nil || !reflect.DeepEqual(fe, se) {
				t.Fatalf("earned: fast %+v, slow %+v (%v)", fe, se, err)
			}
		}
	})
}
