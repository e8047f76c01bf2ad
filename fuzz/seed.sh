#!/bin/sh
# Builds the fuzzer's seed corpus (fuzz/corpus/pipeline/, git-ignored) from the vendor pages
# and the small documents (< 100 KB) of the third-party corpus. Run from the repository root.
set -eu
corpus=${CORPUS:-corpus/documents}
out=fuzz/corpus/pipeline
mkdir -p "$out"
cp specs/*.md "$out"/
for dir in "$corpus/openapi" "$corpus/mintlify"; do
    [ -d "$dir" ] || continue
    find "$dir" -type f -size -100k \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.md' -o -name '*.mdx' \) |
        while read -r file; do
            cp "$file" "$out/$(echo "$file" | sed "s|^$corpus/||; s|/|_|g")"
        done
done
cp tests/fixtures/fuzz/* "$out"/ 2>/dev/null || true
echo "$(ls "$out" | wc -l) seeds in $out"
