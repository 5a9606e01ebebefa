package psntest

// StartDemo starts a server with the default demo data on 127.0.0.1 and returns it with a token pair
// for the demo account (FakeHunter), so no login is needed. Point psnapi at it with
// APIBase = srv.APIBase(), AuthBase = srv.AuthBase(), ProfileBase = srv.ProfileBase(); the tokens
// refresh through the fake's token endpoint like real ones. Close the server when done.
func StartDemo(o Options) (*Server, Credentials) {
	s := NewServer(o)
	return s, s.IssueToken(DemoAccountID)
}
