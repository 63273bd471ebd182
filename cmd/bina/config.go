package main

import (
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/notify"
	"github.com/bina-pustaka/bina/internal/web"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// config is every setting, parsed once here and passed down as values.
// Each flag has an environment variable; a flag given on the command line wins.
type config struct {
	DatabaseURL     string
	Addr            string
	LogFormat       string
	LogLevel        string
	Demo            bool
	SecureCookies   bool
	MaxUploadMB     int64
	ShutdownTimeout time.Duration
	// E-mail notifications (internal/notify); SMTPAddr "" turns e-mail off.
	SMTPAddr, SMTPFrom, SMTPUser, SMTPPassword, BaseURL string
	// TrustedProxies: reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies string

	trustedProxies []netip.Prefix

	logLevel slog.Level
}

func defaultConfig() *config {
	return &config{
		DatabaseURL:     "bina.db",
		Addr:            ":8080",
		LogFormat:       "text",
		LogLevel:        "info",
		MaxUploadMB:     10,
		ShutdownTimeout: 15 * time.Second,
	}
}

// envOf maps a flag to its environment variable.
var envOf = map[string]string{
	"database-url":     "BINA_DATABASE_URL",
	"addr":             "BINA_ADDR",
	"log-format":       "BINA_LOG_FORMAT",
	"log-level":        "BINA_LOG_LEVEL",
	"demo":             "BINA_DEMO",
	"secure-cookies":   "BINA_SECURE_COOKIES",
	"max-upload-mb":    "BINA_MAX_UPLOAD_MB",
	"shutdown-timeout": "BINA_SHUTDOWN_TIMEOUT",
	"smtp-addr":        "BINA_SMTP_ADDR",
	"smtp-from":        "BINA_SMTP_FROM",
	"smtp-user":        "BINA_SMTP_USER",
	"smtp-password":    "BINA_SMTP_PASSWORD",
	"base-url":         "BINA_BASE_URL",
	"trusted-proxies":  "BINA_TRUSTED_PROXIES",
}

func usage(flag, text string) string { return text + " (env " + envOf[flag] + ")" }

func (c *config) bindCommon(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, usage("database-url", "SQLite file path, or postgres://user@host:5432/db?sslmode=disable for PostgreSQL"))
	f.StringVar(&c.LogFormat, "log-format", c.LogFormat, usage("log-format", "log format: text or json"))
	f.StringVar(&c.LogLevel, "log-level", c.LogLevel, usage("log-level", "log level: debug, info, warn or error"))
}

func (c *config) bindServe(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&c.Addr, "addr", c.Addr, usage("addr", "address to listen on, host:port"))
	f.BoolVar(&c.Demo, "demo", c.Demo, usage("demo", "fill an empty database with the five demo libraries, their staff and demo accounts"))
	f.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, usage("secure-cookies", "always mark cookies Secure; they are marked anyway when the request came over HTTPS (directly or X-Forwarded-Proto)"))
	f.Int64Var(&c.MaxUploadMB, "max-upload-mb", c.MaxUploadMB, usage("max-upload-mb", "largest accepted upload, in MB"))
	f.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, usage("shutdown-timeout", "how long to let requests finish on SIGTERM"))
	f.StringVar(&c.SMTPAddr, "smtp-addr", c.SMTPAddr, usage("smtp-addr", "SMTP server host:port for e-mail notifications; empty: in-app notifications only"))
	f.StringVar(&c.SMTPFrom, "smtp-from", c.SMTPFrom, usage("smtp-from", "sender address of notification e-mails"))
	f.StringVar(&c.SMTPUser, "smtp-user", c.SMTPUser, usage("smtp-user", "SMTP user (PLAIN auth, needs TLS unless the server is localhost); empty: no auth"))
	f.StringVar(&c.SMTPPassword, "smtp-password", c.SMTPPassword, usage("smtp-password", "SMTP password"))
	f.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, usage("trusted-proxies", "comma-separated addresses or networks of reverse proxies (e.g. 127.0.0.1,10.0.0.0/8) whose X-Forwarded-For names the client for rate limits; empty: the connecting address is the client"))
	f.StringVar(&c.BaseURL, "base-url", c.BaseURL, usage("base-url", "public address of the application, e.g. https://bina.example.go.id, for links in e-mails"))
}

// load applies environment variables to flags not given on the command
// line, then checks the values.
func (c *config) load(cmd *cobra.Command) error {
	var errs []string
	apply := func(fs *pflag.FlagSet) {
		fs.VisitAll(func(fl *pflag.Flag) {
			env, ok := envOf[fl.Name]
			if !ok || fl.Changed {
				return
			}
			if v, set := os.LookupEnv(env); set {
				if err := fl.Value.Set(v); err != nil {
					errs = append(errs, fmt.Sprintf("%s=%q: %v", env, v, err))
				}
			}
		})
	}
	apply(cmd.Flags())
	apply(cmd.InheritedFlags())
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Sprintf("--log-format %q: must be text or json", c.LogFormat))
	}
	if err := c.logLevel.UnmarshalText([]byte(c.LogLevel)); err != nil {
		errs = append(errs, fmt.Sprintf("--log-level %q: must be debug, info, warn or error", c.LogLevel))
	}
	if c.MaxUploadMB < 1 || c.MaxUploadMB > 1024 {
		errs = append(errs, fmt.Sprintf("--max-upload-mb %d: must be between 1 and 1024", c.MaxUploadMB))
	}
	if c.SMTPAddr != "" && strings.TrimSpace(c.SMTPFrom) == "" {
		errs = append(errs, "--smtp-from: must be set when --smtp-addr is")
	}
	if p, err := web.ParseTrustedProxies(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Sprintf("--trusted-proxies: %v", err))
	} else {
		c.trustedProxies = p
	}
	if strings.TrimSpace(c.DatabaseURL) == "" {
		errs = append(errs, "--database-url: must not be empty")
	}
	if len(errs) > 0 {
		return cliError{code: 2, err: fmt.Errorf("invalid configuration:\n  %s", strings.Join(errs, "\n  "))}
	}
	return nil
}

// mailer is the notification e-mail configuration.
func (c *config) mailer() notify.Mailer {
	return notify.Mailer{Addr: c.SMTPAddr, From: c.SMTPFrom, User: c.SMTPUser, Password: c.SMTPPassword, BaseURL: strings.TrimRight(c.BaseURL, "/")}
}
