package main

import (
	"os"
	"path/filepath"
	"testing"
)

// miniWordNet is a hand-made WordNet in miniature: its files by name.
var miniWordNet = map[string]string{
	// Real files start with a licence header of lines indented by two
	// spaces; the parser must skip it.
	"data.verb": "  1 This software and database...\n" +
		"00000001 32 v 02 refuse 0 decline 0 001 @ 00000003 v 0000 01 + 08 00 | show unwillingness\n" +
		"00000002 32 v 01 deny 0 001 @ 00000003 v 0000 | declare untrue\n" +
		"00000003 32 v 02 contradict 0 negate 0 000 | be in contradiction\n" +
		"00000004 32 v 02 refuse 0 Refusenik 0 000 | a name, and a rare sense\n" +
		// Words alone in their synsets, for base.txt and class.txt.
		"00000005 30 v 01 grind 0 000 | crush\n" +
		"00000006 38 v 01 leave 0 000 | go away\n" +
		"00000007 35 v 01 lay 0 000 | put down\n" +
		"00000008 35 v 01 lie 0 000 | be lying\n" +
		"00000009 34 v 01 use 0 000 | employ\n",
	"index.verb": "contradict v 1 0 1 1 00000003  \n" +
		"decline v 1 1 @ 1 1 00000001  \n" +
		"deny v 1 1 @ 1 1 00000002  \n" +
		"negate v 1 0 1 0 00000003  \n" +
		"refuse v 2 1 @ 2 1 00000001 00000004  \n" +
		"grind v 1 0 1 1 00000005  \n" +
		"leave v 1 0 1 1 00000006  \n" +
		"lay v 1 0 1 1 00000007  \n" +
		"lie v 1 0 1 1 00000008  \n" +
		"use v 1 0 1 1 00000009  \n",
	"data.adj": "00000010 00 a 01 private 0 000 | not public\n" +
		"00000011 00 s 02 confidential 0 hush-hush(p) 0 001 & 00000010 a 0000 | secret\n" +
		"00000012 00 a 01 left 0 000 | on the left\n" +
		"00000013 00 a 01 used 0 000 | second-hand\n" +
		"00000014 00 a 01 big 0 000 | large\n" +
		"00000015 00 a 01 bigger 0 000 | larger\n" +
		"00000016 00 a 01 fit 0 000 | suitable\n",
	"index.adj": "confidential a 1 1 & 1 0 00000011  \nhush-hush a 1 1 & 1 0 00000011  \nprivate a 1 0 1 0 00000010  \n" +
		"left a 1 0 1 1 00000012  \nused a 1 0 1 1 00000013  \n" +
		"big a 1 0 1 1 00000014  \nbigger a 1 0 1 1 00000015  \nfit a 1 0 1 0 00000016  \n",
	"data.noun": "00000020 17 n 01 ground 0 000 | earth\n" +
		"00000021 20 n 01 leaf 0 000 | of a plant\n" +
		"00000022 18 n 01 chairman 0 000 | a person who presides\n" +
		"00000023 06 n 01 talisman 0 000 | a charm, not a person\n" +
		"00000024 04 n 01 leave 0 000 | absence\n" +
		"00000025 18 n 01 fitter 0 000 | a person who fits\n",
	"index.noun": "chairman n 1 0 1 0 00000022  \nground n 1 0 1 1 00000020  \nleaf n 1 0 1 1 00000021  \n" +
		"leave n 1 0 1 1 00000024  \ntalisman n 1 0 1 0 00000023  \nfitter n 1 0 1 0 00000025  \n",
	"cntlist.rev": "contradict%2:32:00:: 1 2\ndecline%2:32:00:: 1 3\ndeny%2:32:00:: 1 5\nrefuse%2:32:00:: 1 10\nrefuse%2:32:01:: 2 1\n" +
		"grind%2:30:00:: 1 2\nground%1:17:00:: 1 9\nleave%2:38:00:: 1 30\nleave%1:04:00:: 1 1\nleft%3:00:00:: 1 4\n" +
		"lay%2:35:00:: 1 3\nlie%2:35:00:: 1 12\nleaf%1:20:00:: 1 5\nuse%2:34:00:: 1 20\nused%5:00:00:: 1 1\n" +
		"big%3:00:00:: 1 9\nbigger%3:00:00:: 1 1\n",
	"verb.exc": "denied deny\nground grind\nlaid lay\nlay lie\nleft leave\nrefused refuse\n",
	"noun.exc": "leaves leaf leave\n",
	"adj.exc":  "bigger big\nfitter fit\n",
	"data.adv": "", "index.adv": "", "adv.exc": "",
}

// miniWant is what run writes from miniWordNet, by file.
var miniWant = map[string]string{
	"thesaurus.txt": "confidential\thush-hush\n" +
		"contradict\tnegate\n" +
		"decline\trefuse\n" +
		"hush-hush\tconfidential\n" +
		"negate\tcontradict\n" +
		"refuse\tdecline\n",
	"related.txt": "deny\tcontradict,negate\n",
	// "refused" is left to the rules.
	"irregular.txt": "denied\tdeny\n",
	// "ground" is more often itself than "grind", "left" more often
	// "leave"; "leaves" is more often the verb "leave" than "leaf";
	// "laid" → "lay" is left out because "lay" → "lie"; chairman is a
	// person, talisman is not.
	"base.txt": "chairmen\tchairman\n" +
		"denied\tdeny\n" +
		"lay\tlie\n" +
		"leaves\tleave\n" +
		"left\tleave\n" +
		"refused\trefuse\n",
	// Reduced forms ("lay", "left", "used", "bigger") are classed as
	// their base; "fitter" is a noun, not a form of "fit".
	"class.txt": "big\ta9\n" +
		"bigger\ta9\n" +
		"chairman\tn\n" +
		"confidential\ta\n" +
		"contradict\tv2\n" +
		"decline\tv3\n" +
		"deny\tv5\n" +
		"fit\ta\n" +
		"fitter\tn\n" +
		"grind\tv2\n" +
		"ground\tn9\n" +
		"hush-hush\ta\n" +
		"lay\tv12\n" +
		"leaf\tn5\n" +
		"leave\tv31\n" +
		"left\tv31\n" +
		"lie\tv12\n" +
		"negate\tv\n" +
		"private\ta\n" +
		"refuse\tv11\n" +
		"talisman\tn\n" +
		"use\tv20\n" +
		"used\tv20\n",
}

// TestRun builds the tables from a hand-made WordNet in miniature, which
// pins down the parsing and the rules without needing wordnet-base.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	for name, text := range miniWordNet {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	o := options{maxSenses: 3, synRank: 4, minShare: 0.2, maxSyns: 12, phrases: true, minPhraseN: 1}
	if err := run(dir, filepath.Join(out, "thesaurus.txt"), o); err != nil {
		t.Fatal(err)
	}
	for name, w := range miniWant {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != w {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, w)
		}
	}
}

func TestClassOf(t *testing.T) {
	wn := &wordnet{
		index: map[pos]map[string][]int{
			noun: {"tie": {1, 2}, "even": {1}, "all": {1}, "most": {1}},
			verb: {"tie": {3}, "even": {2}, "all": {2}, "most": {2, 3}},
			adj:  {"tie": {4}, "even": {3}, "most": {4, 5}},
		},
		counts: map[senseKey]int{
			{"tie", noun, 1}: 2, {"tie", noun, 2}: 1, {"tie", verb, 1}: 5, {"tie", adj, 1}: 5,
			{"even", verb, 1}: 4, {"even", adj, 1}: 4,
		},
	}
	tests := []struct {
		word  string
		pos   pos
		count int
	}{
		{"tie", verb, 13}, // verb and adjective tie on 5 with 1 sense each: verb first
		{"even", verb, 8}, // verb and adjective tie, nouns have fewer tags
		{"all", noun, 0},  // nothing tagged, one sense each: noun first
		{"most", verb, 0}, // nothing tagged: the most senses (verb and adjective), verb first
		{"none", 0, 0},    // unknown
	}
	for _, tt := range tests {
		if p, n := classOf(wn, tt.word); p != tt.pos || n != tt.count {
			t.Errorf("classOf(%q) = %q, %d; want %q, %d", tt.word, p, n, tt.pos, tt.count)
		}
	}
}
