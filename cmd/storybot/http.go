package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot"
	"storybot/bot/httpserver"
)

// runHTTP serves Slack over HTTP until ctx is done.
func runHTTP(ctx context.Context, c *chat) error {
	return withSlack(ctx, c, func(b *bot.Bot, api *slack.Client) error {
		addr := c.addr
		if addr == "" {
			addr = ":" + strconv.Itoa(c.cfg.Port)
		}
		so := httpserver.Options{SigningSecret: c.cfg.SigningSecret, Metrics: httpserver.NewMetrics(c.metrics)}
		if c.cfg.AdminAddr == "" {
			so.MetricsHandler = b.MetricsHandler() // else on the admin address
		}
		if c.installer != nil {
			so.Install, so.OAuthRedirect = c.installer.InstallPage(), c.installer.Redirect()
		}
		h := httpserver.NewServer(b, so)
		return serveHTTP(ctx, addr, h, b, c.log)
	})
}

// serveHTTP serves h on addr until ctx is done, then shuts down
// gracefully: /readyz fails at once, the listener closes, and the requests
// being served finish (10 s at most).
func serveHTTP(ctx context.Context, addr string, h http.Handler, b *bot.Bot, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set PORT or --addr to a free port)", addr, err)
	}
	srv := httpserver.NewHTTPServer(h, httpserver.DefaultTimeouts, log)
	log.Info("listening", "addr", ln.Addr().String(), "endpoint", "POST /slack/events")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	b.Drain()
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// serveAdmin serves /healthz, /readyz and /metrics on addr until the
// returned function is called.
func serveAdmin(ctx context.Context, addr string, pprof bool, b *bot.Bot, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on ADMIN_ADDR %s: %w (set ADMIN_ADDR to a free host:port, or leave it empty)", addr, err)
	}
	h := httpserver.NewServer(b, httpserver.Options{Pprof: pprof, MetricsHandler: b.MetricsHandler()})
	srv := httpserver.NewHTTPServer(h, httpserver.DefaultTimeouts, log)
	log.Info("admin listening", "addr", ln.Addr().String(), "endpoints", "GET /healthz /readyz /metrics")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin server failed", "err", err)
		}
	}()
	return func() {
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutCtx)
		<-done
	}, nil
}
