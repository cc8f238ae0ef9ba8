package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestHostOnNetwork checks the Host rule of a server bound to every interface
// (--bind 0.0.0.0): a phone on the network that types the machine's address is
// answered; a client on the network that sends Host: localhost, another address or a
// name is refused (DNS rebinding, or passing for a local client); this machine may
// still use localhost.
func TestHostOnNetwork(t *testing.T) {
	s, _ := newTestServer(t, smallHandbook)
	// The rule as it is for --bind 0.0.0.0, without opening a port on the network.
	s.opts.Bind, s.loopback = "0.0.0.0", false
	lan := &net.TCPAddr{IP: net.ParseIP("192.168.1.5"), Port: 1313}
	lan6 := &net.TCPAddr{IP: net.ParseIP("fe80::1"), Port: 1313, Zone: "eth0"}
	lo := &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 1313}
	p := s.port
	tests := []struct {
		name   string
		host   string
		local  net.Addr // the address the request came in on
		remote string
		code   int
	}{
		{"a phone types the address", "192.168.1.5:" + p, lan, "192.168.1.20:5000", 200},
		{"IPv6 link-local", "[fe80::1]:" + p, lan6, "[fe80::2%eth0]:5000", 200},
		{"this machine by name", "localhost:" + p, lo, "127.0.0.1:5000", 200},
		{"this machine by address", "127.0.0.1:" + p, lo, "127.0.0.1:5000", 200},
		{"a network client passing for local", "localhost:" + p, lan, "192.168.1.20:5000", 403},
		{"a network client with a loopback address", "127.0.0.1:" + p, lan, "192.168.1.20:5000", 403},
		{"another address", "10.0.0.7:" + p, lan, "192.168.1.20:5000", 403},
		{"a name (DNS rebinding)", "attacker.example:" + p, lan, "192.168.1.20:5000", 403},
		{"the machine's name", "myhost.local:" + p, lan, "192.168.1.20:5000", 403},
		{"the wrong port", "192.168.1.5:80", lan, "192.168.1.20:5000", 403},
		{"no port", "192.168.1.5", lan, "192.168.1.20:5000", 403},
		{"the unspecified address", "0.0.0.0:" + p, lan, "192.168.1.20:5000", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, tt.local))
			r.Host, r.RemoteAddr = tt.host, tt.remote
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != tt.code {
				t.Errorf("Host %q from %s on %s: %d, want %d", tt.host, tt.remote, tt.local, w.Code, tt.code)
			}
		})
	}
}

// TestConnectionTimeouts checks that the server closes a connection that sends no
// complete header and one left idle after a request: each read below ends when the
// server closes the connection (the deadline only keeps a broken server from hanging
// the test).
func TestConnectionTimeouts(t *testing.T) {
	s, _ := newTestServer(t, smallHandbook)
	if s.http.ReadHeaderTimeout <= 0 || s.http.IdleTimeout <= 0 {
		t.Fatalf("timeouts: read header %v, idle %v", s.http.ReadHeaderTimeout, s.http.IdleTimeout)
	}
	s.http.ReadHeaderTimeout, s.http.IdleTimeout = 50*time.Millisecond, 50*time.Millisecond
	serving(t, s)
	addr := s.ln.Addr().String()
	for _, tc := range []struct{ name, send string }{
		{"half a header", "GET / HTTP/1.1\r\nHost: " + addr + "\r\n"},
		{"idle after a request", "GET / HTTP/1.1\r\nHost: " + addr + "\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if _, err := io.WriteString(c, tc.send); err != nil {
				t.Fatal(err)
			}
			_ = c.SetReadDeadline(time.Now().Add(time.Minute))
			br := bufio.NewReader(c)
			if resp, err := http.ReadResponse(br, nil); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			if _, err := br.ReadByte(); err != io.EOF {
				t.Errorf("after the response: %v, want the server to close the connection (EOF)", err)
			}
		})
	}
}
