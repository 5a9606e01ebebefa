package psnapi

// Endpoint names: the operation an error came from (APIError.Endpoint, DecodeError.Endpoint,
// NetworkError.Endpoint, RateLimitedError.Endpoint). Callers use them to tell what was missing:
// a not-found from EndpointProfile2 or EndpointUserSearch is an unknown user (IsUserNotFound), one
// from EndpointTrophyTitles an account without a title list (or an unknown numeric id), one from
// EndpointEarnedTrophies a title the account never played.
const (
	EndpointAuthorize          = "authorize"
	EndpointTrophyTitles       = "trophyTitles"
	EndpointTitleTrophies      = "titleTrophies"
	EndpointEarnedTrophies     = "earnedTrophies"
	EndpointTrophySummary      = "trophySummary"
	EndpointTitleTrophyGroups  = "titleTrophyGroups"
	EndpointEarnedTrophyGroups = "earnedTrophyGroups"
	EndpointTitleSummaries     = "titleSummaries"
	EndpointProfile2           = "profile2"
	EndpointUserSearch         = opContextSearch
	EndpointProfiles           = "profiles"
	EndpointFriends            = "friends"
	EndpointPresences          = "basicPresences"
	EndpointPlayedGames        = "playedGames"
	EndpointImage              = "image"
	EndpointHintAvailability   = opHintAvailability
	EndpointTips               = opTips
)
