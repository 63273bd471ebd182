package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/bina-pustaka/bina/internal/auth"
)

// ParseTrustedProxies reads the reverse proxies whose X-Forwarded-For is
// believed: a comma-separated list of addresses or CIDR networks, e.g.
// "127.0.0.1, 10.0.0.0/8". Empty means none: the peer address is the client.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for i, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("entry %d %q is not an address or a network such as 10.0.0.0/8", i+1, part)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("entry %d %q is not an address or a network such as 10.0.0.0/8", i+1, part)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// clientIP is the address of the person making the request. Behind a
// trusted reverse proxy (Config.TrustedProxies) it is read from
// X-Forwarded-For, right to left, skipping the trusted hops: the first
// address a trusted proxy did not add itself is the client's. Entries further
// left were written by the client and are never believed. Without trusted
// proxies the header is ignored, so nobody can pick her own rate-limit key.
func (s *Server) clientIP(r *http.Request) string {
	peer := r.RemoteAddr
	if host, _, err := net.SplitHostPort(peer); err == nil {
		peer = host
	}
	if len(s.cfg.TrustedProxies) == 0 || !s.trusted(peer) {
		return peer
	}
	hops := r.Header.Values("X-Forwarded-For")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			hop := strings.TrimSpace(parts[j])
			if _, err := netip.ParseAddr(hop); err != nil {
				// A malformed entry ends the chain: what is left of it is not to be trusted.
				return client
			}
			client = hop
			if !s.trusted(hop) {
				return client
			}
		}
	}
	return client
}

func (s *Server) trusted(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// rateAddress is the key a public form's rate limit counts by.
func (s *Server) rateAddress(r *http.Request) string {
	return auth.AddressKey(s.clientIP(r))
}
