package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DigestTest {

    @Test
    void parsesAndPrintsADigest() {
        Digest d = Digest.of("sha256:4F53CB1aa0000000000000000000000000000000000000000000000000000000");

        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.toString()).isEqualTo("sha256:4f53cb1aa0000000000000000000000000000000000000000000000000000000");
        assertThat(d.shortForm()).isEqualTo("4f53cb1aa000");
    }

    @Test
    void rejectsWhatEcrRejects() {
        assertThatThrownBy(() -> Digest.of("latest")).hasMessageContaining("not an image digest: 'latest'");
        assertThatThrownBy(() -> Digest.of("sha256:xyz")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Digest.isValid("sha256:")).isFalse();
    }

    @Test
    void theHandCheckAcceptsExactlyWhatEcrsPatternAccepts() {
        java.util.regex.Pattern ecr = java.util.regex.Pattern.compile("([a-zA-Z0-9-_+.]+):([a-fA-F0-9]+)");
        String alphabet = "sha256:SHA0fF9-_+.gGz: /\u00e9";
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = s.toString();
            assertThat(Digest.isValid(text))
                    .as("'" + text + "'")
                    .isEqualTo(ecr.matcher(text).matches());
        }
    }

    @Test
    void aCosignTagNamesItsSubject() {
        String hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Image sig = Image.builder(TestImages.digestOf("sig"), Instant.EPOCH)
                .tags("sha256-" + hex + ".sig")
                .build();
        Image att = Image.builder(TestImages.digestOf("att"), Instant.EPOCH)
                .tags("sha256-" + hex + ".att", "extra")
                .build();

        assertThat(sig.cosignSubject()).contains(Digest.of("sha256:" + hex));
        assertThat(sig.subject()).as("to ECR a cosign tag is no subject link").isEmpty();
        assertThat(att.cosignSubject())
                .as("a tag of its own makes it an ordinary image")
                .isEmpty();
        assertThat(Image.builder(TestImages.digestOf("plain"), Instant.EPOCH)
                        .tags("v1.sig")
                        .build()
                        .cosignSubject())
                .isEmpty();
    }

    /**
     * The packed form behaves as the text it was read from: the same text back, equal exactly when the lower-case
     * texts are, ordered as they are; SHA-256 digests of other lengths and other algorithms alike (seeded).
     */
    @Test
    void behavesAsItsText() {
        java.util.Random random = new java.util.Random(42);
        String[] algorithms = {"sha256", "sha512", "sha256", "blake3"};
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String algorithm = algorithms[random.nextInt(algorithms.length)];
            int length = random.nextInt(8) == 0 ? 1 + random.nextInt(80) : 64;
            StringBuilder hex = new StringBuilder();
            for (int j = 0; j < length; j++) {
                // few distinct digits, so that equal and nearly equal digests are common
                hex.append("0fAa9".charAt(random.nextInt(i % 3 == 0 ? 2 : 5)));
            }
            texts.add(algorithm + ":" + hex);
        }
        for (int i = 0; i < texts.size(); i++) {
            String a = texts.get(i);
            String b = texts.get(random.nextInt(texts.size()));
            Digest da = Digest.of(a);
            Digest db = Digest.of(b);
            String la = a.toLowerCase(java.util.Locale.ROOT);
            String lb = b.toLowerCase(java.util.Locale.ROOT);
            assertThat(da.toString()).isEqualTo(la);
            assertThat(new Digest(da.algorithm(), da.hex())).isEqualTo(da).hasSameHashCodeAs(da);
            assertThat(da.equals(db)).as("%s = %s", a, b).isEqualTo(la.equals(lb));
            if (la.equals(lb)) {
                assertThat(da.hashCode()).isEqualTo(db.hashCode());
            }
            int byText = Integer.signum(
                    da.algorithm().compareTo(db.algorithm()) != 0
                            ? da.algorithm().compareTo(db.algorithm())
                            : da.hex().compareTo(db.hex()));
            assertThat(Integer.signum(da.compareTo(db))).as("%s vs %s", a, b).isEqualTo(byText);
        }
    }

    /**
     * SHA-256 digests are checked and read in one pass: seeded texts of a SHA-256 digest's length and near it,
     * hex of both cases with now and then a character that is not, are accepted exactly when ECR's pattern
     * accepts them, and read as the text says, lower case.
     */
    @Test
    void theOnePassReadOfASha256DigestAgreesWithEcrsPattern() {
        java.util.regex.Pattern ecr = java.util.regex.Pattern.compile("([a-zA-Z0-9-_+.]+):([a-fA-F0-9]+)");
        String hex = "0123456789abcdefABCDEF";
        String other = "gG:z -_\u00e9\u0660\uff10";
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            int length = 64 + random.nextInt(-1, 2);
            StringBuilder s = new StringBuilder(random.nextInt(20) == 0 ? "sha256;" : "sha256:");
            for (int k = 0; k < length; k++) {
                s.append(
                        random.nextInt(200) == 0
                                ? other.charAt(random.nextInt(other.length()))
                                : hex.charAt(random.nextInt(hex.length())));
            }
            String text = s.toString();
            Digest parsed = Digest.parse(text);
            // Read from a buffer too, at an offset, between other characters.
            int offset = random.nextInt(4);
            char[] buffer = ("x".repeat(offset) + text + "\"y").toCharArray();
            assertThat(Digest.parse(buffer, offset, text.length()))
                    .as("'" + text + "' in a buffer")
                    .isEqualTo(parsed);
            assertThat(parsed != null)
                    .as("'" + text + "'")
                    .isEqualTo(ecr.matcher(text).matches());
            assertThat(Digest.isValid(text)).as("'" + text + "'").isEqualTo(parsed != null);
            if (parsed != null) {
                assertThat(parsed.toString()).isEqualTo(text.toLowerCase(java.util.Locale.ROOT));
                assertThat(parsed).isEqualTo(new Digest("sha256", text.substring(7)));
            }
        }
        assertThat(Digest.parse(null)).isNull();
    }
}
