package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestStub(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"slackstub", "-bot-user", "UTEST"}, pw, io.Discard) }()
	base, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	base = strings.TrimSpace(base)
	go io.Copy(io.Discard, pr)

	post := func(path string, form url.Values) map[string]any {
		t.Helper()
		resp, err := http.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %s %s", path, resp.Status, body)
		}
		var m map[string]any
		if json.Unmarshal(body, &m) != nil && string(body) != "ok" {
			t.Fatalf("%s: body %q", path, body)
		}
		return m
	}
	if m := post("api/auth.test", url.Values{"token": {"xoxb-bench"}}); m["ok"] != true || m["user_id"] != "UTEST" {
		t.Errorf("auth.test: %v", m)
	}
	if m := post("api/chat.postMessage", url.Values{"channel": {"C1"}, "text": {"hi"}}); m["ok"] != true || m["channel"] != "C1" || m["ts"] == "" {
		t.Errorf("chat.postMessage: %v", m)
	}
	post("response/T0BENCH01/42", url.Values{"text": {"late answer"}})
	post("response/T0BENCH01/43", url.Values{"text": {"late answer"}})

	resp, err := http.Get(base + "stats")
	if err != nil {
		t.Fatal(err)
	}
	var stats map[string]int
	json.NewDecoder(resp.Body).Decode(&stats)
	resp.Body.Close()
	if stats["auth.test"] != 1 || stats["chat.postMessage"] != 1 || stats["response_url"] != 2 {
		t.Errorf("stats %v", stats)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}
