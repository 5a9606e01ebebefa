package psnapi

// The example answers of the API reference (../shared/reference/psn-trophy-api.md), with its
// "<#-- truncated --#>" markers removed so that each is valid JSON.

const refTitlesExample1 = `{
"trophyTitles": [
{
"npServiceName": "trophy2",
"npCommunicationId": "NPWR21575_00",
"trophySetVersion": "01.07",
"trophyTitleName": "Destiny 2",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR21575_00/45976ee9-344e-423d-940d-5e42fc82e5b8.png",
"trophyTitlePlatform": "PS5",
"hasTrophyGroups": true,
"definedTrophies": {
"bronze": 8,
"silver": 4,
"gold": 11,
"platinum": 1
},
"progress": 53,
"earnedTrophies": {
"bronze": 2,
"silver": 3,
"gold": 6,
"platinum": 0
},
"hiddenFlag": false,
"lastUpdatedDateTime": "2021-03-17T21:58:18Z"
},
{
"npServiceName": "trophy2",
"npCommunicationId": "NPWR22596_00",
"trophySetVersion": "01.00",
"trophyTitleName": "Crash Bandicoot 4: It's About Time",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22596_00/aeb3ccd0-9346-4845-8a9e-871cf7a7d9d8.png",
"trophyTitlePlatform": "PS5",
"hasTrophyGroups": false,
"definedTrophies": {
"bronze": 40,
"silver": 9,
"gold": 2,
"platinum": 1
},
"progress": 27,
"earnedTrophies": {
"bronze": 19,
"silver": 0,
"gold": 0,
"platinum": 0
},
"hiddenFlag": false,
"lastUpdatedDateTime": "2021-03-17T18:05:41Z"
}
],
"totalItemCount": 300
}`

const refTitlesExample2 = `{
"trophyTitles": [
{
"npServiceName": "trophy",
"npCommunicationId": "NPWR18910_00",
"trophySetVersion": "01.04",
"trophyTitleName": "Two Point Hospital",
"trophyTitleDetail": "Two Point Hospital",
"trophyTitleIconUrl": "https://image.api.playstation.com/trophy/np/NPWR18910_00_00D60FA9AEAADEBBC7C2EB26DB1E2122A86B887436/CBE975BD1527E46830FE821D4CA194D32955C7BE.PNG",
"trophyTitlePlatform": "PS4",
"hasTrophyGroups": true,
"definedTrophies": {
"bronze": 23,
"silver": 15,
"gold": 7,
"platinum": 1
},
"progress": 1,
"earnedTrophies": {
"bronze": 1,
"silver": 0,
"gold": 0,
"platinum": 0
},
"hiddenFlag": false,
"lastUpdatedDateTime": "2020-08-18T11:34:58Z"
}
],
"nextOffset": 60,
"previousOffset": 49,
"totalItemCount": 300
}`

const refTitleTrophiesExample1 = `{
"trophySetVersion": "01.40",
"hasTrophyGroups": true,
"trophies": [
{
"trophyId": 0,
"trophyHidden": false,
"trophyType": "platinum",
"trophyName": "You've Only Done Everything",
"trophyDetail": "Found all trophies in ASTRO's PLAYROOM. See you in our next adventure!",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/4e1f7ad7-5720-4b03-96a4-ecf8abb17ed8.png",
"trophyGroupId": "default"
},
{
"trophyId": 45,
"trophyHidden": true,
"trophyType": "bronze",
"trophyName": "Gravity Daze!",
"trophyDetail": "Made the CPU Chip punch the glass sphere, sending at least 10 Bots flying.",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/ed83d6d9-2708-4465-8f0f-6e3db7ae9665.png",
"trophyGroupId": "001"
}
],
"totalItemCount": 46
}`

const refTitleTrophiesExample2 = `{
"trophySetVersion": "01.01",
"hasTrophyGroups": true,
"trophies": [
{
"trophyId": 0,
"trophyHidden": false,
"trophyType": "platinum",
"trophyName": "RESIDENT EVIL 5 Platinum Trophy",
"trophyDetail": "Congratulations! You've overcome all your fears in RESIDENT EVIL 5!",
"trophyIconUrl": "https://image.api.playstation.com/trophy/np/NPWR10600_00_00A0CF3468337FB7E2039182A26608B0545DE39292/2B4F7ECA102EDB19D18DA17C594DBC50348ECEAF.PNG",
"trophyGroupId": "default"
},
{
"trophyId": 70,
"trophyHidden": false,
"trophyType": "bronze",
"trophyName": "Shoot the Messenger",
"trophyDetail": "Defeat 3 Agitator Majini in one playthrough of \"Desperate Escape.\"",
"trophyIconUrl": "https://image.api.playstation.com/trophy/np/NPWR10600_00_00A0CF3468337FB7E2039182A26608B0545DE39292/DB4F19B53DF8C9303728EA28F5A992EF8B3392FD.PNG",
"trophyGroupId": "003"
}
],
"totalItemCount": 71
}`

const refTrophyProgressBonus = `{
"trophyId": 35,
"trophyHidden": false,
"trophyType": "silver",
"trophyName": "Naturalist",
"trophyDetail": "Find all of Gerald's secret spots.",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR19950_00/ee1bc4b9-98d7-46c6-a3ea-1e6b2b258a2a.png",
"trophyGroupId": "default",
"trophyProgressTargetValue": "9"
}`

const refTrophyRewardBonus = `{
"trophyId": 28,
"trophyHidden": false,
"trophyType": "gold",
"trophyName": "Checking out the competition",
"trophyDetail": "Win at least 1 online match with each AllStar",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22792_00/908c536b-c8d4-4591-bd62-b330ccdb20ef.png",
"trophyGroupId": "default",
"trophyProgressTargetValue": "16",
"trophyRewardName": "Profile Avatar",
"trophyRewardImageUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22792_00/486de18c-2da3-46e7-8229-4006adb8c28b.png"
}`

const refEarnedExample1 = `{
"trophySetVersion": "01.40",
"hasTrophyGroups": true,
"lastUpdatedDateTime": "2020-11-21T10:45:19Z",
"trophies": [
{
"trophyId": 0,
"trophyHidden": false,
"earned": true,
"earnedDateTime": "2020-11-20T23:53:13Z",
"trophyType": "platinum",
"trophyRare": 1,
"trophyEarnedRate": "8.0"
},
{
"trophyId": 45,
"trophyHidden": true,
"earned": true,
"earnedDateTime": "2020-11-21T10:45:19Z",
"trophyType": "bronze",
"trophyRare": 1,
"trophyEarnedRate": "12.8"
}
],
"rarestTrophies": [
{
"trophyId": 44,
"trophyHidden": true,
"earned": true,
"earnedDateTime": "2020-11-20T15:21:21Z",
"trophyType": "gold",
"trophyRare": 1,
"trophyEarnedRate": "6.1"
}
],
"totalItemCount": 46
}`

const refEarnedExample2 = `{
"trophySetVersion": "01.01",
"hasTrophyGroups": true,
"lastUpdatedDateTime": "2017-02-09T22:14:52Z",
"trophies": [
{
"trophyId": 0,
"trophyHidden": false,
"earned": true,
"earnedDateTime": "2017-02-09T22:12:14Z",
"trophyType": "platinum",
"trophyRare": 0,
"trophyEarnedRate": "3.7"
}
],
"rarestTrophies": [
{
"trophyId": 0,
"trophyHidden": false,
"earned": true,
"earnedDateTime": "2017-02-09T22:12:14Z",
"trophyType": "platinum",
"trophyRare": 0,
"trophyEarnedRate": "3.7"
}
],
"totalItemCount": 51
}`

const refEarnedProgressBonus = `{
"trophyId": 35,
"trophyHidden": false,
"earned": false,
"progress": "2",
"progressRate": 22,
"progressedDateTime": "2020-11-27T16:17:23Z",
"trophyType": "silver",
"trophyRare": 1,
"trophyEarnedRate": "5.4"
}`

const refSummaryExample = `{
"accountId": "0000000000000000000",
"trophyLevel": 437,
"trophyPoint": 200430,
"trophyLevelBasePoint": 199890,
"trophyLevelNextPoint": 201240,
"progress": 40,
"tier": 5,
"earnedTrophies": {
"bronze": 6212,
"silver": 1450,
"gold": 525,
"platinum": 55
}
}`

const refTitleGroupsExample1 = `{
"trophySetVersion": "01.40",
"trophyTitleName": "ASTRO’s PLAYROOM",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/035a02db-e64f-4572-8653-4a3db37fe2f6.png",
"trophyTitlePlatform": "PS5",
"definedTrophies": {
"bronze": 27,
"silver": 13,
"gold": 5,
"platinum": 1
},
"trophyGroups": [
{
"trophyGroupId": "default",
"trophyGroupName": "ASTRO’s PLAYROOM",
"trophyGroupIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/035a02db-e64f-4572-8653-4a3db37fe2f6.png",
"definedTrophies": {
"bronze": 26,
"silver": 13,
"gold": 3,
"platinum": 1
}
},
{
"trophyGroupId": "001",
"trophyGroupName": "ASTRO’s PLAYROOM [ADD-ON]",
"trophyGroupIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/07628edd-c7e7-4762-9409-edcece03a12d.png",
"definedTrophies": {
"bronze": 1,
"silver": 0,
"gold": 2,
"platinum": 0
}
}
]
}`

const refTitleGroupsExample2 = `{
"npServiceName": "trophy2",
"npCommunicationId": "NPWR22859_00",
"trophySetVersion": "01.25",
"trophyTitleName": "Ghost of Tsushima",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22859_00/d7213b2e-8048-40ae-859e-3ce1863b9390.png",
"trophyTitlePlatform": "PS5,PSPC",
"definedTrophies": {
"bronze": 59,
"silver": 13,
"gold": 4,
"platinum": 1
},
"trophyGroups": [
{
"trophyGroupId": "default",
"trophyGroupName": "Ghost of Tsushima",
"trophyGroupIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22859_00/d7213b2e-8048-40ae-859e-3ce1863b9390.png",
"definedTrophies": {
"bronze": 40,
"silver": 9,
"gold": 2,
"platinum": 1
}
},
{
"trophyGroupId": "001",
"trophyGroupName": "Ghost of Tsushima: Legends Mode",
"trophyGroupIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22859_00/5da15285-93ab-4779-95ef-88278098be11.png",
"definedTrophies": {
"bronze": 3,
"silver": 2,
"gold": 1,
"platinum": 0
}
}
]
}`

const refEarnedGroupsExample1 = `{
"trophySetVersion": "01.40",
"hiddenFlag": false,
"progress": 100,
"earnedTrophies": {
"bronze": 27,
"silver": 13,
"gold": 5,
"platinum": 1
},
"lastUpdatedDateTime": "2020-11-21T10:45:19Z",
"trophyGroups": [
{
"trophyGroupId": "default",
"progress": 100,
"earnedTrophies": {
"bronze": 26,
"silver": 13,
"gold": 3,
"platinum": 1
},
"lastUpdatedDateTime": "2020-11-20T23:53:13Z"
},
{
"trophyGroupId": "001",
"progress": 100,
"earnedTrophies": {
"bronze": 1,
"silver": 0,
"gold": 2,
"platinum": 0
},
"lastUpdatedDateTime": "2020-11-21T10:45:19Z"
}
]
}`

const refEarnedGroupsExample2 = `{
"trophySetVersion": "01.01",
"hiddenFlag": false,
"progress": 74,
"earnedTrophies": {
"bronze": 40,
"silver": 11,
"gold": 1,
"platinum": 1
},
"lastUpdatedDateTime": "2017-02-09T22:14:52Z",
"trophyGroups": [
{
"trophyGroupId": "default",
"progress": 100,
"earnedTrophies": {
"bronze": 38,
"silver": 11,
"gold": 1,
"platinum": 1
},
"lastUpdatedDateTime": "2017-02-09T22:12:14Z"
},
{
"trophyGroupId": "001",
"progress": 0,
"earnedTrophies": {
"bronze": 0,
"silver": 0,
"gold": 0,
"platinum": 0
}
},
{
"trophyGroupId": "002",
"progress": 16,
"earnedTrophies": {
"bronze": 1,
"silver": 0,
"gold": 0,
"platinum": 0
},
"lastUpdatedDateTime": "2016-07-17T17:44:28Z"
},
{
"trophyGroupId": "003",
"progress": 16,
"earnedTrophies": {
"bronze": 1,
"silver": 0,
"gold": 0,
"platinum": 0
},
"lastUpdatedDateTime": "2016-07-17T19:49:44Z"
}
]
}`

const refTitleSummariesExample1 = `{
"titles": [
{
"npTitleId": "PPSA01284_00",
"trophyTitles": [
{
"npServiceName": "trophy2",
"npCommunicationId": "NPWR20004_00",
"trophyTitleName": "Returnal",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20004_00/f60fd55f-a01f-4274-a865-d8356dc0fd9c.png",
"hasTrophyGroups": false,
"rarestTrophies": [
{
"trophyId": 0,
"trophyHidden": false,
"trophyType": "platinum",
"trophyName": "Helios",
"trophyDetail": "Collect all trophies",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20004_00/aadf79b0-5119-45a2-b925-4e9b6e4bf4ed.png",
"trophyRare": 0,
"trophyEarnedRate": "2.9",
"earned": true,
"earnedDateTime": "2021-06-20T12:46:33Z"
}
],
"progress": 100,
"earnedTrophies": {
"bronze": 18,
"silver": 5,
"gold": 7,
"platinum": 1
},
"definedTrophies": {
"bronze": 18,
"silver": 5,
"gold": 7,
"platinum": 1
},
"lastUpdatedDateTime": "2021-06-20T12:46:34Z"
}
]
},
{
"npTitleId": "CUSA09171_00",
"trophyTitles": [
{
"npServiceName": "trophy",
"npCommunicationId": "NPWR15179_00",
"trophyTitleName": "RESIDENT EVIL 2",
"trophyTitleDetail": "RESIDENT EVIL 2",
"trophyTitleIconUrl": "https://image.api.playstation.com/trophy/np/NPWR15179_00_004E1F39C12A2C6264BA2A0546D9234F56889DCC5F/BAFEDE2151A73E1FAFE59B8575EC1CF99F6A75F6.PNG",
"hasTrophyGroups": true,
"rarestTrophies": [
{
"trophyId": 0,
"trophyHidden": false,
"trophyType": "platinum",
"trophyName": "Raccoon City Native",
"trophyDetail": "Obtain all trophies.",
"trophyIconUrl": "https://image.api.playstation.com/trophy/np/NPWR15179_00_004E1F39C12A2C6264BA2A0546D9234F56889DCC5F/F957C0C5B0D2B63EBE1BB072B521E2B5A24D2986.PNG",
"trophyRare": 0,
"trophyEarnedRate": "3.4",
"earned": true,
"earnedDateTime": "2020-10-18T15:23:07Z"
}
],
"progress": 95,
"earnedTrophies": {
"bronze": 29,
"silver": 9,
"gold": 4,
"platinum": 1
},
"definedTrophies": {
"bronze": 30,
"silver": 10,
"gold": 4,
"platinum": 1
},
"lastUpdatedDateTime": "2020-10-18T15:23:11Z"
}
]
},
{
"npTitleId": "PPSA04874_00",
"trophyTitles": []
}
]
}`

const refTitleSummariesExample2 = `{
"titles": [
{
"npTitleId": "PPSA01284_00",
"trophyTitles": [
{
"npServiceName": "trophy2",
"npCommunicationId": "NPWR20004_00",
"trophyTitleName": "Returnal",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20004_00/f60fd55f-a01f-4274-a865-d8356dc0fd9c.png",
"hasTrophyGroups": true,
"rarestTrophies": [
{
"trophyId": 34,
"trophyHidden": true,
"trophyType": "bronze",
"trophyName": "Destroyer",
"trophyDetail": "Kill 100 Hostiles with Disgorgers",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20004_00/c468768c-a6c3-4ced-9f0f-e75d5a9a36c2.png",
"trophyRare": 0,
"trophyEarnedRate": "1.3",
"earned": true,
"earnedDateTime": "2022-08-14T14:19:02Z"
},
{
"trophyId": 37,
"trophyHidden": true,
"trophyType": "gold",
"trophyName": "Find Release",
"trophyDetail": "Gain a moment of peace",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20004_00/3270f141-9f24-4d86-b7b3-c77654e47631.png",
"trophyRare": 0,
"trophyEarnedRate": "1.3",
"earned": true,
"earnedDateTime": "2022-08-14T19:43:38Z"
}
],
"progress": 100,
"earnedTrophies": {
"bronze": 23,
"silver": 6,
"gold": 8,
"platinum": 1
},
"definedTrophies": {
"bronze": 23,
"silver": 6,
"gold": 8,
"platinum": 1
},
"notEarnedTrophyIds": [],
"lastUpdatedDateTime": "2022-08-14T19:43:39Z"
}
]
},
{
"npTitleId": "CUSA09171_00",
"trophyTitles": [
{
"npServiceName": "trophy",
"npCommunicationId": "NPWR15179_00",
"trophyTitleName": "RESIDENT EVIL 2",
"trophyTitleDetail": "RESIDENT EVIL 2",
"trophyTitleIconUrl": "https://image.api.playstation.com/trophy/np/NPWR15179_00_004E1F39C12A2C6264BA2A0546D9234F56889DCC5F/BAFEDE2151A73E1FAFE59B8575EC1CF99F6A75F6.PNG",
"hasTrophyGroups": true,
"rarestTrophies": [
{
"trophyId": 0,
"trophyHidden": false,
"trophyType": "platinum",
"trophyName": "Raccoon City Native",
"trophyDetail": "Obtain all trophies.",
"trophyIconUrl": "https://image.api.playstation.com/trophy/np/NPWR15179_00_004E1F39C12A2C6264BA2A0546D9234F56889DCC5F/F957C0C5B0D2B63EBE1BB072B521E2B5A24D2986.PNG",
"trophyRare": 0,
"trophyEarnedRate": "3.4",
"earned": true,
"earnedDateTime": "2020-10-18T15:23:07Z"
}
],
"progress": 95,
"earnedTrophies": {
"bronze": 29,
"silver": 9,
"gold": 4,
"platinum": 1
},
"definedTrophies": {
"bronze": 30,
"silver": 10,
"gold": 4,
"platinum": 1
},
"notEarnedTrophyIds": [
42,
43
],
"lastUpdatedDateTime": "2020-10-18T15:23:11Z"
}
]
},
{
"npTitleId": "PPSA04874_00",
"trophyTitles": []
}
]
}`

const refHintsExample1 = `{
"data": {
"hintAvailabilityRetrieve": {
"__typename": "HintAvailability",
"trophies": [
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::18",
"trophyId": "18",
"udsObjectId": "GATCHA_SECRET"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::21",
"trophyId": "21",
"udsObjectId": "PLAZA_SEND_BOT_FLYING"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::22",
"trophyId": "22",
"udsObjectId": "PLAZA_WALK_AROUND_BOT"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::23",
"trophyId": "23",
"udsObjectId": "LABO_PUNCH_AND_SPIN_PS2LOGO"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::25",
"trophyId": "25",
"udsObjectId": "LABO_LOOK_INTO_PSVR"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::26",
"trophyId": "26",
"udsObjectId": "LABO_RIDE_AIM_CONTROLLER"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::27",
"trophyId": "27",
"udsObjectId": "LABO_WALK_HOME_ICON"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::28",
"trophyId": "28",
"udsObjectId": "LABO_OPEN_PS1"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::29",
"trophyId": "29",
"udsObjectId": "COOLING_JUGGLE_BALL_WITH_FROG"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::30",
"trophyId": "30",
"udsObjectId": "COOLING_DIVED_FROM_DIVING_BOARD"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::31",
"trophyId": "31",
"udsObjectId": "COOLING_JUMP_IN_FOUNTAIN"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::32",
"trophyId": "32",
"udsObjectId": "COOLING_JUMP_ATTACK"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::33",
"trophyId": "33",
"udsObjectId": "MEMORY_AWAY_FROM_RAIN"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::34",
"trophyId": "34",
"udsObjectId": "MEMORY_HIT_FLYING_CAN"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::35",
"trophyId": "35",
"udsObjectId": "MEMORY_GOT_STRIKE"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::36",
"trophyId": "36",
"udsObjectId": "GPU_DEFLECT_SPTR_BLT_WITH_ARROW"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::37",
"trophyId": "37",
"udsObjectId": "GPU_MADE_HUGE_SNOWBALL"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::38",
"trophyId": "38",
"udsObjectId": "GPU_CATCH_THE_CLIFF_AFTER_FALL"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::39",
"trophyId": "39",
"udsObjectId": "GPU_HIT_RABBIT_WITH_ARROW"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::40",
"trophyId": "40",
"udsObjectId": "SSD_SPIN_WHILE_SHOOT_MACHINE_GUN"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::42",
"trophyId": "42",
"udsObjectId": "LABO_PUNCH_COMPANY_LOGO"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::45",
"trophyId": "45",
"udsObjectId": "DAY1__GRAVITY_DAZE"
}
]
}
}
}`

const refHintsExample2 = `{
"data": {
"hintAvailabilityRetrieve": {
"__typename": "HintAvailability",
"trophies": [
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::18",
"trophyId": "18",
"udsObjectId": "GATCHA_SECRET"
},
{
"__typename": "TrophyInfoWithHintAvailable",
"helpType": "HINT",
"id": "NPWR20188_00::21",
"trophyId": "21",
"udsObjectId": "PLAZA_SEND_BOT_FLYING"
}
]
}
}
}`

const refTipsExample1 = `{
"data": {
"tipsRetrieve": {
"__typename": "Tips",
"hasAccess": true,
"trophies": [
{
"__typename": "TrophyTip",
"groups": [
{
"__typename": "TipGroup",
"groupId": null,
"groupName": null,
"tipContents": [
{
"__typename": "TipContent",
"description": "The gatcha prize you seek is inside a silver ball, but which one? You just have to keep playing to find out. ",
"displayName": "Since 1995",
"mediaId": "psn534f6d378d6841939cd709202c46a220",
"mediaType": "VIDEO",
"mediaUrl": "https://gms-ght.playstation-cloud.com/2/417ff4e103ec31d38e559f87ff12e53e131e1d2c/psn534f6d378d6841939cd709202c46a220/private/video/master_playlist.m3u8?token=redacted",
"tipId": "NPWR20188_00__GATCHA_SECRET_H1"
}
]
}
],
"id": "NPWR20188_00::18",
"totalGroupCount": 1,
"trophyId": "18"
}
]
}
}
}`

const refTipsExample2 = `{
"data": {
"tipsRetrieve": {
"__typename": "Tips",
"hasAccess": true,
"trophies": [
{
"__typename": "TrophyTip",
"groups": [
{
"__typename": "TipGroup",
"groupId": null,
"groupName": null,
"tipContents": [
{
"__typename": "TipContent",
"description": "To max out a weapon to level five, you'll want to use it on enemies at every possible opportunity. AoE (Area of Effect) weapons are typically the fastest to level, as they can hit multiple enemies at once, earning you more XP per ammo refill. Make a habit of kiting enemies into groups to get the most out of this strategy. ",
"displayName": "HIGH FIVE",
"mediaId": "psncbc9ffb8d893459688563506d4a1b78e",
"mediaType": "VIDEO",
"mediaUrl": "https://gms-ght.playstation-cloud.com/2/b3375403cf98e61102c97ebfba134389300aa653/psncbc9ffb8d893459688563506d4a1b78e/private/video/master_playlist.m3u8?token=redacted",
"tipId": "NPWR20842_00__21_Weapon_to_Level_5_h1"
},
{
"__typename": "TipContent",
"description": "Always upgrade your weapon with Raritanium as it levels; the increased stats will usually make it gain XP faster. ",
"displayName": "INCREASED STATS",
"mediaId": "psn7e4553c0088e4cf09101f12d1dcb609b",
"mediaType": "VIDEO",
"mediaUrl": "https://gms-ght.playstation-cloud.com/3/b3375403cf98e61102c97ebfba134389300aa653/psn7e4553c0088e4cf09101f12d1dcb609b/private/video/master_playlist.m3u8?token=redacted",
"tipId": "NPWR20842_00__21_Weapon_to_Level_5_h2"
}
]
}
],
"id": "NPWR20842_00::21",
"totalGroupCount": 1,
"trophyId": "21"
}
]
}
}
}`

const refTipsExample3 = `{
"data": {
"tipsRetrieve": {
"__typename": "Tips",
"hasAccess": true,
"trophies": [
{
"__typename": "TrophyTip",
"groups": [
{
"__typename": "TipGroup",
"groupId": null,
"groupName": null,
"tipContents": [
{
"__typename": "TipContent",
"description": "In CPU Plaza, punch ten bots to get them to follow you. Lead the bot group to the glass dome in the center of CPU Plaza and punch the glass to tease the CPU Chip.",
"displayName": "You Kat get me",
"mediaId": "psnea251771293d407fa81bf0fc7fb0e2da",
"mediaType": "VIDEO",
"mediaUrl": "https://gms-ght.playstation-cloud.com/2/417ff4e103ec31d38e559f87ff12e53e131e1d2c/psnea251771293d407fa81bf0fc7fb0e2da/private/video/master_playlist.m3u8?token=redacted",
"tipId": "NPWR20188_00__DAY1__GRAVITY_DAZE_H1"
}
]
}
],
"id": "NPWR20188_00::45",
"totalGroupCount": 1,
"trophyId": "45"
},
{
"__typename": "TrophyTip",
"groups": [
{
"__typename": "TipGroup",
"groupId": null,
"groupName": null,
"tipContents": [
{
"__typename": "TipContent",
"description": "The gatcha prize you seek is inside a silver ball, but which one? You just have to keep playing to find out. ",
"displayName": "Since 1995",
"mediaId": "psn534f6d378d6841939cd709202c46a220",
"mediaType": "VIDEO",
"mediaUrl": "https://gms-ght.playstation-cloud.com/2/417ff4e103ec31d38e559f87ff12e53e131e1d2c/psn534f6d378d6841939cd709202c46a220/private/video/master_playlist.m3u8?token=redacted",
"tipId": "NPWR20188_00__GATCHA_SECRET_H1"
}
]
}
],
"id": "NPWR20188_00::18",
"totalGroupCount": 1,
"trophyId": "18"
}
]
}
}
}`
