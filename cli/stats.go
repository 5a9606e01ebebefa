package cli

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
	"github.com/psnclient/psn-client/ui"
)

func newStatsCmd(env Env, g *globalFlags) *cobra.Command {
	var sortBy string
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Your trophy statistics: per month, the last year, grades, rarity, completion, platinums",
		Long: `stats sums up your trophies across every cached title: earned and left per grade, trophies per
month, the last year day by day, what you earned by grade and rarity, how complete your titles are,
your platinums (numbered in earning order, with the time from a title's first trophy to its
platinum) and the ten rarest trophies you earned; once sync has read your played games, the hours
played per month, in the months they can be told (Sony gives a game's hours, not when they were
played). It reads only the cache (run "psn-client sync" first). The text fits 40 columns; --json has
every month, day and platinum.`,
		Example: "  psn-client stats\n  psn-client stats --sort time\n  psn-client stats --json | jq .perMonth",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			order, ok := map[string]store.PlatinumOrder{"date": store.PlatinumsByDate, "rarity": store.PlatinumsByRarity,
				"time": store.PlatinumsByTimeTaken}[sortBy]
			if !ok {
				return valueError{fmt.Errorf("--sort needs date, rarity or time, not %q (see %s --help)", sortBy, cmd.CommandPath())}
			}
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			who := s.displayName() // before the demo's prefill names the account by its ID
			if err := s.prefillDemo(cmd.Context()); err != nil {
				return err
			}
			st, err := s.lib.Stats(s.account.ID)
			if err != nil {
				return s.explain(err)
			}
			if err := requireCached(st.Coverage, st.Titles > 0); err != nil {
				return err
			}
			shown := platinumsShown // the text lists ten; --json all
			if g.json {
				shown = 0
			}
			plats, err := s.lib.Platinums(s.account.ID, order, shown)
			if err != nil {
				return s.explain(err)
			}
			pm, played := s.lib.PlayMonths(s.account.ID)
			if g.json {
				out := statsWithPlay{jsonStats: statsJSON(st, plats.Items)}
				if played {
					out.PlayTime = playMonthsJSON(pm)
				}
				if err := writeJSON(env.Stdout, out); err != nil {
					return err
				}
			} else {
				width := 40
				if env.IsTerminal(env.Stdout) {
					width = min(max(env.width(env.Stdout), 40), 80)
				}
				writeStats(env.Stdout, width, who, st, plats, sortBy)
				if played {
					writePlayMonths(env.Stdout, width, pm)
				}
			}
			noteCoverage(env, st.Coverage)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	cmd.Flags().StringVar(&sortBy, "sort", "date", "order of the platinums: date (newest first), rarity (rarest first) or time (fastest first)")
	cmd.RegisterFlagCompletionFunc("sort", cobra.FixedCompletions([]cobra.Completion{"date", "rarity", "time"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// The --json shape of stats (README.md documents it).
type jsonStats struct {
	Titles            int            `json:"titles"`
	CoveredTitles     int            `json:"coveredTitles"`
	LibraryTitles     int            `json:"libraryTitles"`
	Earned            jsonCounts     `json:"earned"`
	Unearned          jsonCounts     `json:"unearned"`
	Points            int            `json:"points"`
	First             *time.Time     `json:"firstEarnedAt,omitempty"`
	Last              *time.Time     `json:"lastEarnedAt,omitempty"`
	Undated           int            `json:"undated"`
	AverageCompletion float64        `json:"averageCompletion"`
	Completion        []jsonBucket   `json:"completion"`
	Rarity            jsonRarity     `json:"rarity"`
	PerMonth          []jsonMonth    `json:"perMonth"`
	LastYear          []jsonDay      `json:"lastYear"`
	Platinums         []jsonPlatinum `json:"platinums"`
	Rarest            []jsonTrophy   `json:"rarest"`
}

type jsonBucket struct {
	From   int `json:"from"`
	To     int `json:"to"`
	Titles int `json:"titles"`
}

type jsonRarity struct {
	UltraRare int `json:"ultraRare"`
	VeryRare  int `json:"veryRare"`
	Rare      int `json:"rare"`
	Common    int `json:"common"`
	Unknown   int `json:"unknown"`
}

type jsonMonth struct {
	Month string `json:"month"`
	jsonCounts
	Total int `json:"total"`
}

type jsonDay struct {
	Date  string `json:"date"`
	Count int    `json:"count"`
}

type jsonPlatinum struct {
	Number        int        `json:"number"`
	FirstTrophyAt *time.Time `json:"firstTrophyAt,omitempty"`
	TimeTaken     *float64   `json:"timeTakenSeconds,omitempty"`
	jsonTrophy
}

func statsJSON(st store.Stats, plats []store.Platinum) jsonStats {
	j := jsonStats{Titles: st.Titles, CoveredTitles: st.Coverage.Complete, LibraryTitles: st.Coverage.Titles,
		Earned: countsJSON(st.Earned), Unearned: countsJSON(st.Unearned), Points: st.Points,
		First: timePtr(st.First), Last: timePtr(st.Last), Undated: st.Undated,
		AverageCompletion: math.Round(st.AverageCompletion*10) / 10,
		Rarity: jsonRarity{UltraRare: st.ByRarity[psnapi.UltraRare], VeryRare: st.ByRarity[psnapi.VeryRare],
			Rare: st.ByRarity[psnapi.Rare], Common: st.ByRarity[psnapi.Common], Unknown: st.RarityUnknown},
		PerMonth: []jsonMonth{}, LastYear: []jsonDay{}, Platinums: []jsonPlatinum{}, Rarest: []jsonTrophy{}}
	for i, n := range st.Completion {
		b := jsonBucket{From: i * 10, To: i*10 + 9, Titles: n}
		if i == 10 {
			b.To = 100
		}
		j.Completion = append(j.Completion, b)
	}
	for _, m := range st.PerMonth {
		j.PerMonth = append(j.PerMonth, jsonMonth{Month: m.Month.Format("2006-01"), jsonCounts: countsJSON(m.Counts), Total: m.Counts.Total()})
	}
	for _, d := range st.LastYear {
		j.LastYear = append(j.LastYear, jsonDay{Date: d.Day.Format("2006-01-02"), Count: d.Count})
	}
	for _, p := range plats {
		jp := jsonPlatinum{Number: p.Number, FirstTrophyAt: timePtr(p.FirstTrophyAt), jsonTrophy: trophyJSON(p.Title, p.Trophy, true)}
		if !p.EarnedAt.IsZero() && !p.FirstTrophyAt.IsZero() {
			secs := p.TimeTaken.Seconds()
			jp.TimeTaken = &secs
		}
		j.Platinums = append(j.Platinums, jp)
	}
	for _, it := range st.Rarest {
		j.Rarest = append(j.Rarest, trophyJSON(it.Title, it.Trophy, true))
	}
	return j
}

// writeStats prints the statistics as text no wider than width (40 to 80 columns): numbers, and
// bars of block characters that read without colour.
func writeStats(w io.Writer, width int, who string, st store.Stats, plats store.PlatinumsResult, sortBy string) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	title := func(s string) { p("\n%s", s) }
	p("%s", fit(fmt.Sprintf("%s · %s · %s", ui.CleanLine(who), plural(st.Earned.Total(), "trophy", "trophies"), plural(st.Titles, "title", "titles")), width))
	p("earned  %s", gradeLine(st.Earned))
	p("left    %s", gradeLine(st.Unearned))
	p("points  %s", thousands(st.Points))
	p("average completion %.0f%%", st.AverageCompletion)
	if !st.First.IsZero() {
		p("first %s · latest %s", shortDate(st.First), shortDate(st.Last))
	}

	if n := len(st.PerMonth); n > 0 {
		title("Trophies per month (the last 12)")
		var rows []barRow
		for _, m := range st.PerMonth[max(0, n-12):] {
			rows = append(rows, barRow{m.Month.Format("2006-01"), m.Counts.Total()})
		}
		writeBars(w, width, rows)
	}

	title("The last year: a row a month")
	writeHeatmap(w, st.LastYear)

	title("Earned by grade")
	writeBars(w, width, []barRow{{"platinum", st.Earned.Platinum}, {"gold", st.Earned.Gold}, {"silver", st.Earned.Silver}, {"bronze", st.Earned.Bronze}})

	title("Earned by rarity")
	rarity := []barRow{{"ultra rare", st.ByRarity[psnapi.UltraRare]}, {"very rare", st.ByRarity[psnapi.VeryRare]},
		{"rare", st.ByRarity[psnapi.Rare]}, {"common", st.ByRarity[psnapi.Common]}}
	if st.RarityUnknown > 0 {
		rarity = append(rarity, barRow{"unknown", st.RarityUnknown})
	}
	writeBars(w, width, rarity)

	title("Titles by completion")
	var comp []barRow
	for i, n := range st.Completion {
		label := fmt.Sprintf("%d–%d%%", i*10, i*10+9)
		if i == 10 {
			label = "100%"
		}
		comp = append(comp, barRow{label, n})
	}
	writeBars(w, width, comp)

	order := map[string]string{"date": "newest first", "rarity": "rarest first", "time": "fastest first"}[sortBy]
	title(fmt.Sprintf("Platinums: %s (%s)", thousands(plats.Total), order))
	for _, pl := range plats.Items[:min(len(plats.Items), platinumsShown)] {
		taken := "–"
		if !pl.EarnedAt.IsZero() && !pl.FirstTrophyAt.IsZero() {
			taken = humanDuration(pl.TimeTaken)
		}
		head := fmt.Sprintf("#%-4s %-10s %6s in %-5s", thousands(pl.Number), shortDate(pl.EarnedAt), rateLabel(pl.Trophy.Status), taken)
		name := ui.CleanLine(pl.Title.TrophyTitleName)
		if room := width - ansi.StringWidth(head) - 1; room >= 24 {
			p("%s %s", head, fit(name, room))
		} else { // narrow: the title on a line of its own
			p("%s", strings.TrimRight(head, " "))
			p("      %s", fit(name, width-6))
		}
	}
	if plats.Total > len(plats.Items) {
		p("… and %s more (--json lists all)", thousands(plats.Total-len(plats.Items)))
	}

	title("The rarest trophies you earned")
	for _, it := range st.Rarest {
		head := fmt.Sprintf("%6s %s ", rateLabel(it.Trophy.Status), it.Trophy.TrophyType.Letter())
		p("%s%s", head, fit(ui.CleanLine(it.Trophy.TrophyName), width-ansi.StringWidth(head)))
		p("%s%s", strings.Repeat(" ", ansi.StringWidth(head)), fit(ui.CleanLine(it.Title.TrophyTitleName), width-ansi.StringWidth(head)))
	}
}

func gradeLine(c psnapi.TrophyCounts) string {
	return fmt.Sprintf("P %s  G %s  S %s  B %s", thousands(c.Platinum), thousands(c.Gold), thousands(c.Silver), thousands(c.Bronze))
}

func rateLabel(e psnapi.EarnedTrophy) string {
	if e.TrophyEarnedRate == "" {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", e.EarnedRate())
}

// fit cuts s to width cells with "…".
func fit(s string, width int) string {
	if width < 1 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// platinumsShown is how many platinums the text of stats lists.
const platinumsShown = 10

type barRow struct {
	label string
	n     int
}

// writeBars draws one bar per row, scaled to the largest, in eighths of a cell.
func writeBars(w io.Writer, width int, rows []barRow) {
	labelW, numW, top := 0, 0, 0
	for _, r := range rows {
		labelW = max(labelW, ansi.StringWidth(r.label))
		numW = max(numW, len(thousands(r.n)))
		top = max(top, r.n)
	}
	barW := max(width-labelW-numW-2, 5)
	for _, r := range rows {
		fmt.Fprintf(w, "%s %s %*s\n", r.label+strings.Repeat(" ", labelW-ansi.StringWidth(r.label)), statBar(r.n, top, barW), numW, thousands(r.n))
	}
}

// statBar is n of top as a bar of width cells (eighth blocks), padded to width.
func statBar(n, top, width int) string {
	eighths := 0
	if top > 0 {
		eighths = int(math.Round(float64(n) * float64(width*8) / float64(top)))
	}
	if n > 0 && eighths == 0 {
		eighths = 1
	}
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return s + strings.Repeat(" ", width-(eighths+7)/8)
}

// writeHeatmap draws the last year as a row per month and a cell per day: · none, then ░ ▒ ▓ █ by
// quarter of the busiest day. 39 columns.
func writeHeatmap(w io.Writer, days []store.DayCount) {
	top := 0
	for _, d := range days {
		top = max(top, d.Count)
	}
	fmt.Fprintln(w, "        1   5    10   15   20   25   30")
	var row []rune
	month := ""
	flush := func() {
		if month != "" {
			fmt.Fprintf(w, "%s %s\n", month, strings.TrimRight(string(row), " "))
		}
	}
	for _, d := range days {
		m := d.Day.Format("2006-01")
		if m != month {
			flush()
			month, row = m, []rune(strings.Repeat(" ", 31))
		}
		cell := '·'
		if d.Count > 0 {
			cell = []rune("░▒▓█")[min(3, (d.Count*4-1)/top)]
		}
		row[d.Day.Day()-1] = cell
	}
	flush()
	fmt.Fprintf(w, "· none  ░▒▓█ up to %s a day\n", thousands(top))
}

// humanDuration says how long something took: 45m, 5h, 3d, 7mo, 2y 3mo.
func humanDuration(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%dmo", int(d.Hours()/24/30))
	}
	days := int(d.Hours() / 24)
	if mo := (days % 365) / 30; mo > 0 {
		return fmt.Sprintf("%dy%dmo", days/365, mo)
	}
	return fmt.Sprintf("%dy", days/365)
}
