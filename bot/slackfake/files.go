package slackfake

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Files shared in the fake workspace: files.info describes them, and
// their url_private and url_private_download serve them, as Slack does,
// only to a request with the bot's token in its Authorization header
// (Bearer). Without it Slack answers a download with a redirect to the
// workspace's sign-in page, which carries the file's path in its redir
// parameter; so does the fake. A file of another workspace (UploadIn)
// is seen only with that workspace's token.

// file is one file of the fake workspace (or of team).
type file struct {
	id, name, user, team string
	data                 []byte
	// fields override what files.info says of it (SetFileFields).
	fields map[string]any
	// redirect, when set, is where its download sends the client
	// (RedirectDownload).
	redirect string
}

// Kinds of files, by extension, as Slack names them: mimetype, filetype,
// pretty_type.
var fileKinds = map[string][3]string{
	".txt":  {"text/plain", "text", "Plain Text"},
	".md":   {"text/markdown", "markdown", "Markdown (raw)"},
	".html": {"text/html", "html", "HTML"},
	".htm":  {"text/html", "html", "HTML"},
	".pdf":  {"application/pdf", "pdf", "PDF"},
	".png":  {"image/png", "png", "PNG"},
}

// Upload puts a file named name into the fake workspace, as user
// uploaded it, and returns it as a file_share message event lists it
// (see FileShare).
func (s *Slack) Upload(user, name string, data []byte) map[string]any {
	return s.UploadIn(Team, user, name, data)
}

// UploadIn is Upload in the workspace team (see AddWorkspace).
func (s *Slack) UploadIn(team, user, name string, data []byte) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &file{id: fmt.Sprintf("F%09d", len(s.files)+1), name: name, user: user, team: team, data: data}
	s.files[f.id] = f
	return s.fileObject(f)
}

// SetFileFields makes files.info say other things of the file id than
// Upload did (kv: field, value…): a file kept outside Slack
// ("is_external", true), a size that is not the file's ("size", 10), a
// file gone ("mode", "tombstone"). Its download still serves its bytes.
func (s *Slack) SetFileFields(id string, kv ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[id]
	if f.fields == nil {
		f.fields = map[string]any{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		f.fields[kv[i].(string)] = kv[i+1]
	}
}

// RedirectDownload makes the download of the file id, by a request
// with a token that may read it, answer 302 to the URL to, as a server
// on Slack's host that sends the client elsewhere would.
func (s *Slack) RedirectDownload(id, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[id].redirect = to
}

// FailFilesInfo makes files.info answer {"ok":false,"error":err} (for
// example "missing_scope": an app installed before it asked for
// files:read); "" to stop.
func (s *Slack) FailFilesInfo(err string) {
	s.mu.Lock()
	s.filesErr = err
	s.mu.Unlock()
}

// FileShare is a message.im event of user sharing files in a DM, with
// text (maybe none), as Slack sends it: subtype file_share, the files as
// Upload returns them.
func FileShare(channel, user, text, ts string, files ...map[string]any) map[string]any {
	list := make([]any, len(files))
	for i, f := range files {
		list[i] = f
	}
	m := map[string]any{
		"type": "message", "subtype": "file_share", "channel": channel, "channel_type": "im", "user": user,
		"text": text, "ts": ts, "event_ts": ts, "files": list, "upload": true, "display_as_bot": false, "team": Team,
	}
	if text != "" {
		m["blocks"] = RichText(text)
		m["client_msg_id"] = "c0ffee03-0000-4000-8000-000000000000"
	}
	return m
}

// fileObject is f as files.info and message events describe it. Its
// permalink_public holds a secret (pub_secret), as Slack's does, which
// must never be logged. s.mu is held.
func (s *Slack) fileObject(f *file) map[string]any {
	kind, ok := fileKinds[strings.ToLower(path.Ext(f.name))]
	if !ok {
		kind = [3]string{"application/octet-stream", "binary", "Binary"}
	}
	pri := s.Server.URL + "/files-pri/" + f.team + "-" + f.id + "/"
	name := url.PathEscape(f.name)
	obj := map[string]any{
		"id": f.id, "created": 1700000000, "timestamp": 1700000000,
		"name": f.name, "title": f.name, "mimetype": kind[0], "filetype": kind[1], "pretty_type": kind[2],
		"user": f.user, "user_team": f.team, "editable": kind[1] == "text", "size": len(f.data),
		"mode": "hosted", "is_external": false, "external_type": "", "is_public": false,
		"public_url_shared": false, "display_as_bot": false, "username": "",
		"url_private": pri + name, "url_private_download": pri + "download/" + name,
		"permalink":        "https://fake.slack.com/files/" + f.user + "/" + f.id + "/" + name,
		"permalink_public": "https://slack-files.com/" + f.team + "-" + f.id + "-0a1b2c3d4e",
		"is_starred":       false, "has_rich_preview": false, "file_access": "visible",
	}
	for k, v := range f.fields {
		obj[k] = v
	}
	return obj
}

// filesInfo answers files.info, for the files of the caller's workspace.
func (s *Slack) filesInfo(w http.ResponseWriter, r *http.Request) {
	ws, ok := s.caller(w, r)
	if !ok {
		return
	}
	s.record(APICall{Method: "files.info", Form: r.PostForm, Token: ws.Token})
	s.mu.Lock()
	f, failure := s.files[r.PostForm.Get("file")], s.filesErr
	if f != nil && !ws.sees(f.team) {
		f = nil
	}
	var obj map[string]any
	if f != nil {
		obj = s.fileObject(f)
	}
	s.mu.Unlock()
	switch {
	case failure == "missing_scope":
		writeJSON(w, map[string]any{"ok": false, "error": failure, "needed": "files:read", "provided": "chat:write,commands,im:history"})
	case failure != "":
		writeJSON(w, map[string]any{"ok": false, "error": failure})
	case f == nil:
		writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
	default:
		writeJSON(w, map[string]any{"ok": true, "file": obj, "comments": []any{},
			"paging": map[string]any{"count": 100, "total": 0, "page": 1, "pages": 0}})
	}
}

// download serves a file's url_private (/files-pri/T…-F…/name) and
// url_private_download (/files-pri/T…-F…/download/name). It records each
// request, with the token it carried, as an APICall "file download". Only
// a token of the file's workspace is let download it.
func (s *Slack) download(w http.ResponseWriter, r *http.Request) {
	bearer := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.record(APICall{Method: "file download", Form: url.Values{"path": {r.URL.Path}, "token": {bearer}}, Token: bearer})
	teamFile, name, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/files-pri/"), "/")
	name = strings.TrimPrefix(name, "download/")
	team, id, _ := strings.Cut(teamFile, "-")
	s.mu.Lock()
	f := s.files[id]
	s.mu.Unlock()
	if ws, ok := s.workspaceOf(bearer); !ok || !ws.sees(team) || f != nil && f.team != team {
		// Slack's answer to a request without the token.
		http.Redirect(w, r, s.Server.URL+"/signin?redir="+url.QueryEscape(r.URL.Path), http.StatusFound)
		return
	}
	if f == nil || name != f.name {
		http.NotFound(w, r)
		return
	}
	if f.redirect != "" {
		http.Redirect(w, r, f.redirect, http.StatusFound)
		return
	}
	kind, ok := fileKinds[strings.ToLower(path.Ext(f.name))]
	if !ok {
		kind[0] = "application/octet-stream"
	}
	w.Header().Set("Content-Type", kind[0])
	w.Header().Set("Content-Length", fmt.Sprint(len(f.data)))
	w.Write(f.data)
}

// signin is the workspace's sign-in page, where a download without the
// token ends.
func (s *Slack) signin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body>Sign in to Fake</body></html>")
}
