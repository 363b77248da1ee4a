#!/usr/bin/env bash
# The families of the error lines (xr_err) in user/: for each format, its
# first fixed part (between % conversions) of 6 characters or more, quotes,
# parentheses and blanks trimmed: one a line, sorted (tests/integration/
# test_man.sh requires each in xdp-router(8)'s DIAGNOSTICS).
cd "$(dirname "$0")/.." || exit 1
find user -name '*.[ch]' -print0 | xargs -0 cat |
	perl -0777 -ne 'while (/\bxr_err\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)/g) {
		my $f = join "", ($1 =~ /"((?:[^"\\]|\\.)*)"/g);
		$f =~ s/\\"/"/g;
		for my $c (split /%[-#0-9.*]*(?:l|ll|z|h)?[sdiuxXo%]/, $f) {
			$c =~ s/^[\s"():,;.]+|[\s"(:,;]+$//g;
			if (length($c) >= 6) { print "$c\n"; last }
		}
	}' | sort -u
