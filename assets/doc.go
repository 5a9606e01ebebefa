// Package assets holds the embedded demo data the fake PSN server (psnapi/psntest) serves: a
// hand-written JSON of the titles the reference prints (special.json) and a deterministic generator
// for the rest of the demo world.
//
// Build(Options{Titles, Seed}) returns a fresh World: the title catalog and its accounts (the demo
// account FakeHunter, the public friend TrophyFriend, the private LockedVault, the empty
// FreshStart, and GeneratedFriends more friends of FakeHunter with plays of its titles). Every
// account has a friends list, a presence, an avatar (AvatarURL) and a played-games list
// (PlayedGames: play time for its PS4 and PS5 titles); that social side is built after the trophy
// data with random streams of its own, so it changed none of the demo's trophy numbers. With the default 300 titles the demo account's earned trophies add up to the
// reference's trophy summary (level 437). Titles and plays are cheap to build (20,000 titles in
// about 120 ms of CPU); trophies (Title.Trophies), per-trophy earned states (Play.States) and Game Help
// tips (Title.HintTips) are generated on first use, deterministically.
//
// The data is consistent: per-trophy states add up to the group and title counts; a platinum is
// earned only with its whole base game, seconds after the last trophy it needs; a group's last date
// is its latest earned trophy and the title's lastUpdatedDateTime the latest of those (the
// reference's hand-written titles keep their printed values, at most a few minutes later); every
// trophyEarnedRate matches its trophyRare tier (≤5 ultra rare, ≤15 very rare, ≤50 rare, else
// common); dates lie between 2008 and October 2026. Progress is Sony's formula: earned over defined
// points without the platinum, rounded down.
//
// The data is believable (rates.go, dates.go): bronzes are mostly common and golds rarer; a
// platinum is never more common than the rarest base-game trophy it requires and sits a little below
// it; DLC may be rarer than the platinum. Each account's trophies span its history (the demo's from
// November 2008) and come in play sessions: a few trophies minutes apart on an evening or a weekend,
// sessions days or weeks apart, a title played over days to months and sometimes finished years
// later, dropped ones after a session or two. Played games start shortly before a title's first
// trophy and end at or after its last.
//
// A World is not safe for concurrent use; psntest serialises access with its own lock.
package assets
