package install

import (
	"html/template"
	"net/http"
)

// page is the one HTML page of the install flow: the "Add to Slack" link,
// the success, or what went wrong and what to do.
type page struct {
	Title   string
	Message string
	Warning string // what went only partly well, after the message
	Link    string // the "Add to Slack" link, on the install page
	Retry   bool   // offer to start again
}

// pageHTML is plain and self-contained: no scripts, no outside assets.
const pageHTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>storybot: {{.Title}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#1d1c1d}
p.warning{border-left:4px solid #e01e5a;padding-left:.8em}
a.add{display:inline-block;padding:.6em 1.2em;border-radius:6px;background:#4a154b;color:#fff;text-decoration:none;font-weight:600}</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{if .Warning}}<p class="warning">{{.Warning}}</p>{{end}}
{{if .Link}}<p><a class="add" href="{{.Link}}">Add to Slack</a></p>{{end}}
{{if .Retry}}<p><a href="install">Start the install again</a></p>{{end}}
</body>
</html>
`

func parsePage() *template.Template { return template.Must(template.New("page").Parse(pageHTML)) }

// render writes p with status.
func (i *Installer) render(w http.ResponseWriter, status int, p page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	i.page.Execute(w, p)
}
