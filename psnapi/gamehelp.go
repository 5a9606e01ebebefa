package psnapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Persisted GraphQL queries of the PlayStation App (reference, "Game Help Endpoints").
const (
	opHintAvailability   = "metGetHintAvailability"
	hashHintAvailability = "71bf26729f2634f4d8cca32ff73aaf42b3b76ad1d2f63b490a809b66483ea5a7"
	opTips               = "metGetTips"
	hashTips             = "93768752a9f4ef69922a543e2209d45020784d8781f57b37a5294e6e206c5630"
)

// graphQLHeaders are required by Sony's GraphQL gateway; without them it refuses the query.
func graphQLHeaders() http.Header {
	return http.Header{
		"Apollographql-Client-Name":    {"PlayStationApp-Android"},
		"Apollographql-Client-Version": {"25.4.0"},
		"Content-Type":                 {"application/json"},
	}
}

// graphQLAnswer is the envelope of a GraphQL answer: data, or errors, or both.
type graphQLAnswer struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

// decodeGraphQL unwraps a GraphQL answer: a non-empty errors array is a *GraphQLError (even
// with partial data, which would be misleading to show), data[field] is decoded into out. A null
// data or a null data[field] is an answer too: there is nothing (Sony answers {"data": null} for
// titles without Game Help); found is false then and out is untouched.
func decodeGraphQL(operation, field string, body []byte, out any) (found bool, err error) {
	var ans graphQLAnswer
	if err := decodeJSON(operation, body, &ans); err != nil {
		return false, err
	}
	if len(ans.Errors) > 0 {
		ge := &GraphQLError{Operation: operation}
		for _, e := range ans.Errors {
			ge.Messages = append(ge.Messages, cleanMessage(e.Message))
		}
		return false, ge
	}
	if rawIsNull(ans.Data) {
		return false, nil
	}
	var data map[string]json.RawMessage
	if err := decodeJSON(operation, ans.Data, &data); err != nil {
		return false, err
	}
	raw, ok := data[field]
	if !ok {
		return false, &DecodeError{Endpoint: operation, Err: errorString("answer has no " + field)}
	}
	if rawIsNull(raw) {
		return false, nil
	}
	// A field that is there but unreadable is not found: the caller must not show half an answer.
	if err := decodeJSON(operation, raw, out); err != nil {
		return false, err
	}
	return true, nil
}

// graphQL sends a persisted-query GET: operationName, variables and extensions as JSON in the
// query string, with the gateway's required headers. found is false for a null answer.
func (c *Client) graphQL(ctx context.Context, operation, hash, field string, variables any, out any) (found bool, err error) {
	vars, err := json.Marshal(variables)
	if err != nil {
		return false, err
	}
	ext, err := json.Marshal(map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}})
	if err != nil {
		return false, err
	}
	q := url.Values{"operationName": {operation}, "variables": {string(vars)}, "extensions": {string(ext)}}
	r := request{endpoint: operation, method: http.MethodGet, url: c.apiBase + "/graphql/v1/op", query: q,
		header: graphQLHeaders(), bearer: true, retry: true, redirect: true}
	err = c.do(ctx, r, func(body []byte) error {
		var derr error
		found, derr = decodeGraphQL(operation, field, body, out)
		return derr
	})
	return found, err
}

// HintAvailability lists the trophies of a title that have Game Help, all of them or only
// among trophyIDs. A title without help gives an empty list, not an error ({"data": null} too).
func (c *Client) HintAvailability(ctx context.Context, npCommID string, trophyIDs []string) (HintAvailability, error) {
	if err := requireTitle(opHintAvailability, TitleRef{NPCommunicationID: npCommID}); err != nil {
		return HintAvailability{}, err
	}
	vars := map[string]any{"npCommId": npCommID}
	if len(trophyIDs) > 0 {
		vars["trophyIds"] = trophyIDs
	}
	var out HintAvailability
	_, err := c.graphQL(ctx, opHintAvailability, hashHintAvailability, "hintAvailabilityRetrieve", vars, &out)
	if out.Trophies == nil && err == nil {
		out.Trophies = []HintTrophy{}
	}
	return out, err
}

// Tips fetches the Game Help of the trophies asked for (values from HintAvailability).
// HasAccess false (no PS Plus, in the past) is data for the caller to show, not an error. A null
// answer ({"data": null}, which Sony gives for titles without hints) is no Game Help: HasAccess
// true (nothing was refused) and no trophies. Video contents carry a MediaURL with a short-lived
// token: do not cache it.
func (c *Client) Tips(ctx context.Context, npCommID string, reqs []TipRequest) (Tips, error) {
	if err := requireTitle(opTips, TitleRef{NPCommunicationID: npCommID}); err != nil {
		return Tips{}, err
	}
	if reqs == nil {
		reqs = []TipRequest{}
	}
	var out Tips
	found, err := c.graphQL(ctx, opTips, hashTips, "tipsRetrieve",
		map[string]any{"npCommId": npCommID, "trophies": reqs}, &out)
	if err == nil && !found {
		out = Tips{HasAccess: true, Trophies: []TrophyTip{}}
	}
	return out, err
}
