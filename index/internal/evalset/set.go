package evalset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Item is one question of any set.
type Item struct {
	ID         string   `json:"id"`
	Q          string   `json:"q"`
	Expect     []string `json:"expect"`     // story sets: substrings of a right passage
	Answerable *bool    `json:"answerable"` // absent: true
	Kind       string   `json:"kind"`       // offtopic, near
	// SQuAD
	Story   string   `json:"story"`
	Answers []string `json:"answers"`
	Gold    string   `json:"gold_sentence"`
}

// IsAnswerable says whether the question has an answer in its corpus.
func (q Item) IsAnswerable() bool { return q.Answerable == nil || *q.Answerable }

// Set is a set of questions over one corpus.
type Set struct {
	Name   string
	Corpus string // folder of stories
	Squad  bool   // scored by SQuAD's rule
	Items  []Item
}

// ReadItems reads a set's questions, one JSON object a line. A file that
// cannot be opened is the error os.Open gives (fs.ErrNotExist when there
// is none).
func ReadItems(path string) ([]Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []Item
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q Item
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		qs = append(qs, q)
	}
	return qs, sc.Err()
}

// tuneHalf says whether a question belongs to the half techniques are
// tuned on.
func tuneHalf(set string, q Item, articles []string) bool {
	switch set {
	case "casual":
		n, _ := strconv.Atoi(strings.TrimLeft(q.ID, "q"))
		return n%2 == 0
	case "squad":
		return slices.Index(articles, q.Story)%2 == 0
	case "others": // by writer
		return strings.HasPrefix(q.ID, "h")
	case "news": // by story; questions of no story by id
		if q.Story == "" {
			n, _ := strconv.Atoi(strings.TrimLeft(q.ID, "n"))
			return n%2 == 0
		}
		return slices.Index(newsStories, q.Story)%2 == 0
	}
	return true
}

// newsStories are the stories of news/, in name order.
var newsStories = []string{"001_8b38ce2c19fa2446", "002_53fcba6a110639c2", "003_2f1a3b0096d1e421", "004_50e45413d54c867a", "005_1eafbc9ad6b02514"}

// Load reads the public sets of folder shared (../shared/eval) and our
// dev set (dev, over the story folder story), each whole and split in
// halves: "casual/tune", "casual/check", "squad/tune", "squad/check"…
func Load(shared, dev, story string) ([]Set, error) {
	var files [6][]Item
	for i, path := range []string{filepath.Join(shared, "public.jsonl"), dev, filepath.Join(shared, "casual.jsonl"),
		filepath.Join(shared, "others.jsonl"), filepath.Join(shared, "news/questions.jsonl"), filepath.Join(shared, "squad-dev/questions.jsonl")} {
		qs, err := ReadItems(path)
		if err != nil {
			return nil, err
		}
		files[i] = qs
	}
	casual, others, news, squad := files[2], files[3], files[4], files[5]
	sets := []Set{{Name: "public", Corpus: story, Items: files[0]}, {Name: "dev", Corpus: story, Items: files[1]}}
	articles := Articles(Set{Items: squad})
	slices.Sort(articles)
	for _, half := range []string{"tune", "check"} {
		keep := func(set string, qs []Item) []Item {
			var out []Item
			for _, q := range qs {
				if tuneHalf(set, q, articles) == (half == "tune") {
					out = append(out, q)
				}
			}
			return out
		}
		sets = append(sets,
			Set{Name: "casual/" + half, Corpus: story, Items: keep("casual", casual)},
			Set{Name: "squad/" + half, Corpus: filepath.Join(shared, "squad-dev/corpus"), Squad: true, Items: keep("squad", squad)},
			Set{Name: "others/" + half, Corpus: story, Items: keep("others", others)},
			Set{Name: "news/" + half, Corpus: filepath.Join(shared, "news/corpus"), Items: keep("news", news)})
	}
	return sets, nil
}

// Articles are the stories set's questions are about, in the order they
// first come.
func Articles(set Set) []string {
	var out []string
	for _, q := range set.Items {
		if !slices.Contains(out, q.Story) {
			out = append(out, q.Story)
		}
	}
	return out
}
