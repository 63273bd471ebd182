package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/bina-pustaka/bina/internal/demo"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/web"
)

func newServeCmd(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web app and the JSON API",
		Long: `Serve the web app and the JSON API (/api/v1), with /healthz and /metrics.
The database is migrated at start. With --demo, an empty database is first
filled with the five demo libraries and the demo accounts listed in the README.
SIGTERM or Ctrl-C stops accepting connections and lets running requests finish.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return serve(cmd.Context(), cfg)
		},
	}
	cfg.bindServe(cmd)
	return cmd
}

func serve(ctx context.Context, cfg *config) error {
	log := newLogger(cfg)
	d, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	svc := services(d)
	svc.Notify.Mail = cfg.mailer()
	if cfg.Demo {
		seeded, err := demo.Seed(ctx, d, svc.Libraries, svc.Staff, svc.Users)
		if err != nil {
			return err
		}
		if seeded {
			log.Info("demo data loaded", "libraries", 5, "password", demo.Password, "superadmin", demo.SuperadminEmail)
		} else {
			log.Info("database not empty; demo data not loaded")
		}
	}
	bundle, err := i18n.New()
	if err != nil {
		return err
	}
	srv, err := web.New(web.Config{SecureCookies: cfg.SecureCookies, MaxUploadBytes: cfg.MaxUploadMB << 20, TrustedProxies: cfg.trustedProxies}, svc, bundle, log)
	if err != nil {
		return err
	}
	httpSrv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("Bina Pustaka is serving", "url", "http://"+displayAddr(ln.Addr()), "database", describeDB(d, cfg), "version", version)

	go srv.RunHousekeeping(ctx)
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := httpSrv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return "localhost:" + itoa(tcp.Port)
		}
	}
	return a.String()
}

func itoa(n int) string {
	b := []byte{}
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
