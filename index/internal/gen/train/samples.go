package main

import (
	"context"
	"os"
	"slices"

	"storybot/index"
	"storybot/index/internal/evalset"
)

// storyWeight is how much a question about a story counts in training
// against a SQuAD one: there are about six SQuAD questions for each story
// question, and the bot is for stories.
const storyWeight = 5

// sample is one question with its candidates, as the engine sees them.
type sample struct {
	set  string
	item evalset.Item
	c    index.Candidates
	hit  []bool // which candidates are right
	w    float64
}

func (s *sample) answerable() bool { return s.item.IsAnswerable() }

func (s *sample) anyHit() bool { return slices.Contains(s.hit, true) }

// collectSamples runs each question of set through the engine's first
// steps and labels its candidates.
func collectSamples(e *index.Engine, set evalset.Set) ([]sample, error) {
	var out []sample
	for _, q := range set.Items {
		c, err := e.Candidates(context.Background(), q.Q)
		if err != nil {
			return nil, err
		}
		s := sample{set: set.Name, item: q, c: c, w: 1}
		if !set.Squad {
			s.w = storyWeight
		}
		for i := range c.Len() {
			s.hit = append(s.hit, q.IsAnswerable() && set.Rank(q, []string{c.Text(i)}) == 1)
		}
		out = append(out, s)
	}
	return out, nil
}

// rescore scores and sorts a sample's candidates with m, and returns its
// judge features.
func (s *sample) rescore(m *index.Model) [index.NJudge]float64 {
	order, f := s.c.Rank(m)
	hit := make([]bool, len(order))
	for i, k := range order {
		hit[i] = s.hit[k]
	}
	s.hit = hit
	return f
}

// trainingData reads every set, each with an engine over its corpus.
type trainingData struct {
	opt     index.Options
	fo      fitOptions
	judge   map[string][]sample // by half: see judgeSamples
	sets    map[string][]sample
	engines map[string]*index.Engine // by corpus folder
	byName  map[string]evalset.Set
}

func loadTrainingData(sets []evalset.Set, opt index.Options, fo fitOptions) (*trainingData, error) {
	d := &trainingData{opt: opt, fo: fo, judge: map[string][]sample{}, sets: map[string][]sample{}, engines: map[string]*index.Engine{}, byName: map[string]evalset.Set{}}
	for _, set := range sets {
		if d.engines[set.Corpus] == nil {
			e, err := openDir(set.Corpus, opt)
			if err != nil {
				return nil, err
			}
			d.engines[set.Corpus] = e
		}
		s, err := collectSamples(d.engines[set.Corpus], set)
		if err != nil {
			return nil, err
		}
		d.sets[set.Name] = s
		d.byName[set.Name] = set
	}
	return d, nil
}

// openDir opens an engine over a folder of stories and waits for its
// reader.
func openDir(dir string, opt index.Options) (*index.Engine, error) {
	stories, _, err := index.LoadDir(os.DirFS(dir), ".")
	if err != nil {
		return nil, err
	}
	return open(stories, opt)
}

func open(stories []index.Story, opt index.Options) (*index.Engine, error) {
	e, err := index.Open(context.Background(), stories, opt)
	if err != nil {
		return nil, err
	}
	if ready := e.ReaderReady(); ready != nil {
		<-ready
	}
	return e, nil
}

// offTopic asks each answerable question of set against corpus e, which
// does not hold it: the judge must refuse those.
func offTopic(e *index.Engine, set evalset.Set, w float64, keep func(evalset.Item) bool) ([]sample, error) {
	no := false
	var items []evalset.Item
	for _, q := range set.Items {
		if q.IsAnswerable() && keep(q) {
			q.Answerable, q.Kind = &no, "offtopic"
			items = append(items, q)
		}
	}
	set.Items = items
	out, err := collectSamples(e, set)
	for i := range out {
		out[i].w = w
	}
	return out, err
}

// judgeSamples are the judge's training questions for half: the sets'
// own, and questions asked of a corpus that does not hold them — story
// questions of the SQuAD articles, SQuAD questions of the story, and each
// SQuAD article's questions of the other articles.
func (d *trainingData) judgeSamples(half string) ([]sample, error) {
	if js, ok := d.judge[half]; ok {
		return js, nil
	}
	out, err := d.collectJudgeSamples(half)
	if err != nil {
		return nil, err
	}
	d.judge[half] = out
	return out, nil
}

func (d *trainingData) collectJudgeSamples(half string) ([]sample, error) {
	var out []sample
	for _, n := range trainSets(half) {
		out = append(out, d.sets[n]...)
	}
	squad := d.byName["squad/"+half]
	storyE, squadE := d.engines[storyDir], d.engines[squad.Corpus]
	all := func(evalset.Item) bool { return true }
	type ask struct {
		e    *index.Engine
		set  evalset.Set
		w    float64
		keep func(evalset.Item) bool
	}
	var asks []ask
	for _, n := range []string{"public", "dev", "casual/" + half, "others/" + half} {
		asks = append(asks, ask{squadE, d.byName[n], storyWeight / 10.0, all})
	}
	// The other news stories' questions, of the seed story alone.
	asks = append(asks, ask{storyE, d.byName["news/"+half], storyWeight / 5.0, func(q evalset.Item) bool { return q.Story != "" }},
		ask{storyE, squad, 0.05, all})
	for _, a := range asks {
		s, err := offTopic(a.e, a.set, a.w, a.keep)
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	stories, _, err := index.LoadDir(os.DirFS(squad.Corpus), ".")
	if err != nil {
		return nil, err
	}
	for _, a := range evalset.Articles(squad) {
		rest := slices.DeleteFunc(slices.Clone(stories), func(s index.Story) bool { return s.ID == a })
		e, err := open(rest, d.opt)
		if err != nil {
			return nil, err
		}
		s, err := offTopic(e, squad, 0.1, func(q evalset.Item) bool { return q.Story == a })
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	return out, nil
}

// trainSets are the sets fitted on with half.
func trainSets(half string) []string {
	return []string{"public", "dev", "casual/" + half, "squad/" + half, "others/" + half, "news/" + half}
}
