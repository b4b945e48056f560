// Command gen builds the word tables of package storybot/index/thesaurus
// from the Princeton WordNet 3.0 database files (Debian package
// wordnet-base, installed under /usr/share/wordnet), which it parses
// itself: data.* (synsets), index.* (sense order), cntlist.rev (SemCor tag
// counts) and *.exc (irregular forms).
//
// Usage, from the module root:
//
//	go run ./index/thesaurus/internal/gen -wordnet /usr/share/wordnet -o index/thesaurus/thesaurus.txt
//
// related.txt, irregular.txt, base.txt and class.txt are written next to
// the -o file. The output depends only on the WordNet files and the flags:
// each line is computed independently of map order and the lines are
// written sorted, so two runs give byte-identical files. With -explain
// w1,w2 it prints those words' senses, tag counts and which senses are
// kept, instead.
//
// See the package comment of storybot/index/thesaurus for what is kept and
// why.
//
// The files, in the order a run goes: main.go (the flags, run, the
// parts of speech, the output's lines and how they are written; -explain),
// wordnet.go (the WordNet files parsed: synsets, sense order, tag counts,
// exception lists), synonyms.go (each word's senses, and the synonyms and
// broader words it keeps: thesaurus.txt and related.txt), inflections.go
// (the irregular forms merged with their base's entry: irregular.txt) and
// class.go (the base form of an irregular form and the word class of a
// word: base.txt and class.txt). The detachment rules it shares with
// package thesaurus are package morph's.
package main
