package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Password policy. Length is the only rule: long passphrases beat composition
// rules (NIST SP 800-63B), and the upper bound keeps a request from feeding
// megabytes to the hash.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 200
)

// ValidatePassword checks a new password against the policy.
func ValidatePassword(pw string) error {
	var v apperr.Validation
	n := utf8.RuneCountInString(pw)
	switch {
	case pw == "":
		v.Add("password", "field.required", nil)
	case n < MinPasswordLength:
		v.Add("password", "password.too_short", apperr.Args{"Min": MinPasswordLength})
	case n > MaxPasswordLength:
		v.Add("password", "field.too_long", apperr.Args{"Max": MaxPasswordLength})
	}
	return v.Err()
}

// HashParams are argon2id's cost parameters. They are written into every
// hash, so changing them affects only new hashes; old ones still verify and
// are upgraded at the next successful login (see NeedsRehash).
type HashParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8  // lanes, run in parallel
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultHashParams suit the small 2-core server a Dinas Perpustakaan
// typically runs Bina Pustaka on: 64 MiB with one pass over two lanes, RFC
// 9106's memory-hard choice and above OWASP's floor (46 MiB, t=1). Memory is
// what makes each guess expensive on an attacker's GPU; extra passes would
// slow every login for less gain. Two lanes let one login use both cores;
// more lanes than cores add nothing. A hash takes about 0.1 s on a 2-core
// Xeon VM (BenchmarkHashPassword) and 64 MiB per concurrent login, which the
// per-address rate limit keeps bounded.
var DefaultHashParams = HashParams{Memory: 64 * 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}

// Bounds on parameters read back from a stored hash, so a corrupt row cannot
// make a login allocate gigabytes or spin for minutes.
const (
	maxHashMemory = 1 << 20 // 1 GiB in KiB
	maxHashTime   = 16
)

// HashPassword hashes pw with DefaultHashParams.
func HashPassword(pw string) (string, error) { return DefaultHashParams.Hash(pw) }

// Hash returns pw as an argon2id PHC string:
// $argon2id$v=19$m=65536,t=1,p=2$<salt>$<hash> (unpadded standard base64).
func (p HashParams) Hash(pw string) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC hash, comparing in
// constant time. A malformed hash never matches.
func CheckPassword(hash, pw string) bool {
	p, salt, key, ok := parseHash(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// NeedsRehash reports whether hash was made with other parameters than p
// (or is unreadable), so a successful login should store a fresh one.
func (p HashParams) NeedsRehash(hash string) bool {
	got, salt, key, ok := parseHash(hash)
	if !ok {
		return true
	}
	return got.Memory != p.Memory || got.Time != p.Time || got.Threads != p.Threads ||
		uint32(len(salt)) != p.SaltLen || uint32(len(key)) != p.KeyLen
}

func parseHash(hash string) (p HashParams, salt, key []byte, ok bool) {
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, false
	}
	for _, kv := range strings.Split(parts[3], ",") {
		name, val, found := strings.Cut(kv, "=")
		if !found {
			return p, nil, nil, false
		}
		n, err := strconv.ParseUint(val, 10, 32)
		if err != nil {
			return p, nil, nil, false
		}
		switch name {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, false
			}
			p.Threads = uint8(n)
		default:
			return p, nil, nil, false
		}
	}
	if p.Threads == 0 || p.Time == 0 || p.Time > maxHashTime || p.Memory < 8*uint32(p.Threads) || p.Memory > maxHashMemory {
		return p, nil, nil, false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, false
	}
	key, err = base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, false
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, true
}
