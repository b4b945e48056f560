package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRun builds the tables from a hand-made WordNet in miniature, which
// pins down the parsing and the rules without needing wordnet-base.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		// Real files start with a licence header of lines indented by two
		// spaces; the parser must skip it.
		"data.verb": "  1 This software and database...\n" +
			"00000001 32 v 02 refuse 0 decline 0 001 @ 00000003 v 0000 01 + 08 00 | show unwillingness\n" +
			"00000002 32 v 01 deny 0 001 @ 00000003 v 0000 | declare untrue\n" +
			"00000003 32 v 02 contradict 0 negate 0 000 | be in contradiction\n" +
			"00000004 32 v 02 refuse 0 Refusenik 0 000 | a name, and a rare sense\n",
		"index.verb": "contradict v 1 0 1 1 00000003  \n" +
			"decline v 1 1 @ 1 1 00000001  \n" +
			"deny v 1 1 @ 1 1 00000002  \n" +
			"negate v 1 0 1 0 00000003  \n" +
			"refuse v 2 1 @ 2 1 00000001 00000004  \n",
		"data.adj": "00000010 00 a 01 private 0 000 | not public\n" +
			"00000011 00 s 02 confidential 0 hush-hush(p) 0 001 & 00000010 a 0000 | secret\n",
		"index.adj":   "confidential a 1 1 & 1 0 00000011  \nhush-hush a 1 1 & 1 0 00000011  \nprivate a 1 0 1 0 00000010  \n",
		"cntlist.rev": "contradict%2:32:00:: 1 2\ndecline%2:32:00:: 1 3\ndeny%2:32:00:: 1 5\nrefuse%2:32:00:: 1 10\nrefuse%2:32:01:: 2 1\n",
		"verb.exc":    "denied deny\nrefused refuse\n",
		"data.noun":   "", "index.noun": "", "noun.exc": "",
		"data.adv": "", "index.adv": "", "adj.exc": "", "adv.exc": "",
	}
	for name, text := range files {
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
	want := map[string]string{
		"thesaurus.txt": "confidential\thush-hush\n" +
			"contradict\tnegate\n" +
			"decline\trefuse\n" +
			"hush-hush\tconfidential\n" +
			"negate\tcontradict\n" +
			"refuse\tdecline\n",
		"related.txt": "deny\tcontradict,negate\n",
		// "refused" is left to the rules.
		"irregular.txt": "denied\tdeny\n",
	}
	for name, w := range want {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != w {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, w)
		}
	}
}
