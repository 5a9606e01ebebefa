package assets

// Word lists for the generated titles and trophies. Invented names: no real game is meant.

var titleAdjectives = []string{
	"Silent", "Golden", "Crimson", "Hollow", "Radiant", "Broken", "Eternal", "Savage", "Lost", "Iron",
	"Neon", "Frozen", "Wild", "Last", "Hidden", "Burning", "Shattered", "Quiet", "Endless", "Distant",
	"Fallen", "Sacred", "Restless", "Velvet", "Cobalt", "Scarlet", "Ashen", "Lunar", "Solar", "Stormy",
}

var titleNouns = []string{
	"Oracle", "Heart", "Kingdom", "Horizon", "Frontier", "Legacy", "Protocol", "Spectrum", "Harbor", "Citadel",
	"Echo", "Garden", "Empire", "Voyage", "Machine", "Circuit", "Tide", "Crown", "Signal", "Labyrinth",
	"Outpost", "Requiem", "Rally", "Odyssey", "Paradox", "Sanctuary", "Wasteland", "Drift", "Vanguard", "Chronicle",
}

var titleSubtitles = []string{
	"Remastered", "Reloaded", "Definitive Edition", "Director's Cut", "Origins", "Rebirth", "Episode One",
	"The Long Night", "Complete Edition", "Anniversary", "Unleashed", "Second Wind", "Ascension", "Legends",
}

var dlcNames = []string{
	"The Lost Expedition", "Season Pass", "Blood Moon", "Frozen Wastes", "Arena Pack", "The Final Chapter",
	"Nightmare Mode", "Tournament Edition", "Old Wounds", "The Deep", "Sky Fortress", "Hunter's Moon",
}

var trophyAdjectives = []string{
	"Iron", "Night", "Full", "Lucky", "Swift", "Silent", "Golden", "Perfect", "Lone", "Brave",
	"Wild", "Steady", "Rapid", "True", "Hidden", "Grand", "Fearless", "Clever", "Restless", "Master",
}

var trophyNouns = []string{
	"Will", "Owl", "Throttle", "Streak", "Runner", "Hunter", "Collector", "Explorer", "Survivor", "Champion",
	"Artisan", "Marksman", "Navigator", "Pilgrim", "Wanderer", "Tactician", "Scholar", "Drifter", "Guardian", "Legend",
}

var trophyPhrases = []string{
	"First Steps", "Welcome Aboard", "Untouchable", "No Stone Unturned", "Against All Odds", "Photo Finish",
	"Spring Cleaning", "Home Sweet Home", "Night Shift", "Sharp Shooter", "Bookworm", "Globetrotter",
	"Bare Knuckles", "Second Chance", "Close Call", "One of a Kind", "Overachiever", "Speed Demon",
}

var detailTemplates = []string{
	"Complete chapter %d.",
	"Defeat %d enemies without taking damage.",
	"Find all %d hidden relics.",
	"Win %d online matches.",
	"Reach level %d.",
	"Finish the game on Hard difficulty.",
	"Collect every outfit.",
	"Upgrade a weapon to its maximum level.",
	"Complete %d side quests.",
	"Discover every location on the map.",
	"Beat the final boss in under %d minutes.",
	"Earn a gold medal in every challenge.",
}

var germanTrophyWords = []string{
	"Eiserner Wille", "Nachteule", "Vollgas", "Glückspilz", "Schneller Läufer", "Stiller Jäger",
	"Goldrichtig", "Perfektionist", "Einzelgänger", "Mutprobe", "Sammelleidenschaft", "Entdecker",
	"Überlebenskünstler", "Meisterschütze", "Weltenbummler", "Bücherwurm", "Knapp daneben", "Zweite Chance",
}

var germanDetailTemplates = []string{
	"Schließe Kapitel %d ab.",
	"Besiege %d Gegner, ohne Schaden zu nehmen.",
	"Finde alle %d versteckten Relikte.",
	"Gewinne %d Online-Spiele.",
	"Erreiche Stufe %d.",
	"Schließe das Spiel auf dem Schwierigkeitsgrad „Schwer“ ab.",
}

var japaneseTrophyNames = []string{
	"はじめの一歩", "星を集める者", "夜明けの旅人", "無敵の剣士", "すべての謎を解く", "伝説の勇者",
	"雨上がりの空", "最後の約束", "秘密の花園", "千里の道",
}

var emojiTrophyNames = []string{
	"Party Starter 🎉", "On Fire 🔥", "Crowned 👑", "Lucky Star ⭐", "Ghosted 👻", "Rocket Science 🚀",
	"Top Dog 🐶", "Heartbreaker 💔",
}

var curlyTrophyNames = []string{
	"“Just One More Lap”", "Kestrel’s Promise", "The “Night Run” Record", "Don’t Look Back",
	"‘Til Dawn", "It’s a Trap", "“Perfect” Isn’t Enough",
}

var rewardNames = []string{"Profile Avatar", "Avatar", "Profile Background", "Game Help Bonus"}

// unicodeTitles are the generated titles with messy names, placed first among the generated ones so
// every build has them: no-break spaces, trailing newline and spaces, curly quotes, Japanese,
// full-width text, emoji, a 120-character name and two titles with the same name.
var unicodeTitles = []struct {
	name, platform, style string
}{
	{"Golden\u00a0Heart Reloaded", "PS5,PSPC", ""},
	{"Silent Oracle: Remastered\n", "PSPC", "control"},
	{"Kestrel’s “Night Run”", "PS4", "curly"},
	{"星降る夜のレクイエム", "PS5", "japanese"},
	{"Party Animals 🎉 Deluxe", "PS5", "emoji"},
	{"The Extraordinarily Long and Winding Chronicle of the Seven Forgotten Kingdoms Beyond the Northern Seas: A Complete Saga", "PS4,PSVITA", ""},
	{"Radiant Spectrum  ", "PSVITA", ""},
	{"Shadow Protocol", "PS3", ""},
	{"Shadow Protocol", "PS4", ""},
	{"ＮＥＯ　ＴＯＫＹＯ　ＤＲＩＦＴ", "PS4", "japanese"},
	{"Tales of the Harbor\u00a0 HD ", "PS3", ""},
}
