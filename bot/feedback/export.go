package feedback

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"storybot/bot/render"
	"storybot/bot/store"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLogLine bounds a line of the feedback log as it is read back: a vote
// is a few KiB (a question and three passages).
const maxLogLine = 1 << 20

// ReadVotes reads a feedback log: its votes, only the last of each vote id
// (a second vote on an answer replaces the first), in the order of those
// last votes. Lines that are not votes are skipped and counted, the first
// one's error kept (a log whose writer died ends in half a line).
func ReadVotes(r io.Reader) (votes []store.Vote, skipped int, firstBad error, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLogLine)
	last := map[string]int{} // vote id → index in all
	var all []store.Vote
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var v store.Vote
		err := json.Unmarshal(line, &v)
		if err == nil && (v.ID == "" || strings.TrimSpace(v.Question) == "" || (v.Vote != store.VoteUp && v.Vote != store.VoteDown)) {
			err = fmt.Errorf("not a vote (id, question and vote up or down are needed)")
		}
		if err != nil {
			if skipped++; firstBad == nil {
				firstBad = fmt.Errorf("line %d: %w", n, err)
			}
			continue
		}
		last[v.ID] = len(all)
		all = append(all, v)
	}
	if err := sc.Err(); err != nil {
		return nil, skipped, firstBad, fmt.Errorf("read the feedback log: %w", err)
	}
	for i, v := range all {
		if last[v.ID] == i {
			votes = append(votes, v)
		}
	}
	return votes, skipped, firstBad, nil
}

// ExportStats say what ExportFeedback did.
type ExportStats struct {
	Votes   int   // votes that count (the last of each person on each answer)
	Eval    int   // evaluation questions written
	Review  int   // answers to review written
	Skipped int   // lines of the log that are not votes
	Bad     error // why the first of them was skipped
}

// evalQuestion is a line of an answer set (shared/eval): a question and
// substrings of the passages that answer it.
type evalQuestion struct {
	ID     string   `json:"id"`
	Q      string   `json:"q"`
	Expect []string `json:"expect"`
}

// reviewItem is a line of the list to review: an answer someone found
// wanting.
type reviewItem struct {
	ID       string          `json:"id"`
	Time     string          `json:"time"`
	Q        string          `json:"q"`
	Asked    string          `json:"asked,omitempty"`
	Passages []store.Passage `json:"passages"`
}

// ExportFeedback reads the feedback log and writes its 👍 votes to eval
// as evaluation questions, in the answer sets' JSON-lines format (the
// question as the engine was asked it, and as expect a substring of the
// first passage shown: the one voted for), one line per question with
// every passage voted for; and its 👎 votes to review, one line per
// answer, with the passages shown.
func ExportFeedback(log io.Reader, eval, review io.Writer) (ExportStats, error) {
	votes, skipped, bad, err := ReadVotes(log)
	if err != nil {
		return ExportStats{Votes: len(votes), Skipped: skipped, Bad: bad}, err
	}
	st, err := ExportVotes(votes, eval, review)
	st.Skipped, st.Bad = skipped, bad
	return st, err
}

// ExportVotes writes votes (one per person and answer, as the database
// keeps them) as ExportFeedback does.
func ExportVotes(votes []store.Vote, eval, review io.Writer) (ExportStats, error) {
	st := ExportStats{Votes: len(votes)}
	var qs []*evalQuestion
	byQ := map[string]*evalQuestion{}
	ew, rw := json.NewEncoder(eval), json.NewEncoder(review)
	ew.SetEscapeHTML(false)
	rw.SetEscapeHTML(false)
	for _, v := range votes {
		if v.Vote == store.VoteDown || len(v.Passages) == 0 || expectOf(v.Passages[0].Text) == "" {
			// A 👍 without the passage's text cannot be scored: reviewed too.
			if err := rw.Encode(reviewItem{ID: "fb-" + render.Clip(v.ID, 12), Time: v.Time.UTC().Format("2006-01-02T15:04:05Z"), Q: v.Question, Asked: v.Asked, Passages: v.Passages}); err != nil {
				return st, fmt.Errorf("write the review list: %w", err)
			}
			st.Review++
			continue
		}
		key := strings.ToLower(render.OneLine(v.Question))
		q := byQ[key]
		if q == nil {
			q = &evalQuestion{ID: "fb-" + render.Clip(v.ID, 12), Q: render.OneLine(v.Question)}
			byQ[key] = q
			qs = append(qs, q)
		}
		if e := expectOf(v.Passages[0].Text); !slices.Contains(q.Expect, e) {
			q.Expect = append(q.Expect, e)
		}
	}
	for _, q := range qs {
		if err := ew.Encode(q); err != nil {
			return st, fmt.Errorf("write the evaluation questions: %w", err)
		}
		st.Eval++
	}
	return st, nil
}

// expectOf is the substring of a passage that names it in an answer set:
// its first words (40 bytes or more, on one line, without the quotation
// marks before them), cut at a space so that it is a substring of the
// passage as the engine shows it.
func expectOf(text string) string {
	start := strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	if start < 0 {
		return ""
	}
	s := text[start:]
	if i := strings.IndexAny(s, "\n\r"); i >= 0 {
		s = s[:i]
	}
	const enough, most = 40, 100
	if len(s) <= most {
		return strings.TrimRightFunc(s, unicode.IsSpace)
	}
	cut := strings.IndexByte(s[enough:], ' ')
	if cut < 0 || enough+cut > most {
		cut = strings.LastIndexByte(s[:most], ' ') - enough
	}
	if enough+cut <= 0 {
		end := most
		for end > 0 && !utf8.RuneStart(s[end]) {
			end--
		}
		return s[:end]
	}
	return s[:enough+cut]
}
