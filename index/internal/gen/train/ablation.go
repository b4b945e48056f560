package main

import (
	"fmt"
	"slices"
	"strings"

	"storybot/index"
	"storybot/index/internal/evalset"
)

// ablate refits without each technique in turn, training on one half and
// scoring the other, both ways round: first-stage techniques (a new engine
// without them), then each ranker feature.
func (t *trainer) ablate(d *trainingData) error {
	fmt.Println("| without | " + strings.Join(checkSets, " R@1 | ") + " R@1 | story sets refused | off-topic refused |")
	fmt.Println("|---|---|---|---|---|---|---|")
	if err := ablationRow("(nothing: all techniques)", d, nil, nil); err != nil {
		return err
	}
	if err := ablationRow("the reader", d, index.ReaderFeatures, index.ReaderJudge); err != nil {
		return err
	}
	if t.o.drop != "" {
		drop, err := featureIndexes(t.o.drop)
		if err != nil {
			return err
		}
		return ablationRow("features "+t.o.drop, d, drop, nil)
	}
	for _, tech := range strings.Split(t.o.techniques, ",") {
		if tech == "" {
			continue
		}
		dt, err := t.load(index.Options{Disable: map[string]bool{tech: true}})
		if err != nil {
			return err
		}
		if err := ablationRow(tech, dt, nil, nil); err != nil {
			return err
		}
	}
	if t.o.techniques != "" {
		return nil
	}
	for f := range index.NFeatures {
		if t.o.features == "" || slices.Contains(strings.Split(t.o.features, ","), index.FeatureNames[f]) {
			if err := ablationRow("feature "+index.FeatureNames[f], d, []int{f}, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// ablationRow prints the row of the models fitted without drop's ranker
// features and jdrop's judge features, each half scored by the models
// fitted on the other.
func ablationRow(name string, d *trainingData, drop, jdrop []int) error {
	var sc [4]evalset.Scores
	var all evalset.Scores
	for _, half := range []string{"tune", "check"} {
		other := map[string]string{"tune": "check", "check": "tune"}[half]
		m, err := d.fit(half, drop, jdrop)
		if err != nil {
			return err
		}
		for i, set := range checkSets {
			set = strings.Replace(set, "/check", "/"+other, 1)
			got := heldOut(d.sets[set], &m, m.Threshold)
			sc[i].Add(got)
			if !d.byName[set].Squad {
				all.Add(got)
			}
		}
	}
	fmt.Printf("| %s |", name)
	for _, s := range sc {
		fmt.Printf(" %.3f |", s.R1/s.N)
	}
	fmt.Printf(" %.3f | %.3f |\n", all.FalseAbstain/all.N, all.OffAbstain/all.Off)
	return nil
}

// featureIndexes reads a comma-separated list of feature names.
func featureIndexes(names string) ([]int, error) {
	var out []int
	for _, n := range strings.Split(names, ",") {
		i := slices.Index(index.FeatureNames[:], n)
		if i < 0 {
			return nil, fmt.Errorf("no feature %q", n)
		}
		out = append(out, i)
	}
	return out, nil
}
