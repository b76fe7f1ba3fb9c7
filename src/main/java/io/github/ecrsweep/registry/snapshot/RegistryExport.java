package io.github.ecrsweep.registry.snapshot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.ImageStatus;
import io.github.ecrsweep.rules.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ecrsweep's registry export, which {@code list --images --all -o json} writes and {@code --snapshot} reads,
 * and the {@code aws ecr describe-images} output, which {@code --snapshot} also reads. Image fields
 * keep the names of ECR's {@code ImageDetail}; the export adds {@code childDigests} for indexes so that
 * the image graph is complete without the manifests.
 */
public final class RegistryExport {

    /** The key that marks an export, with its format version as value. */
    public static final String FORMAT_KEY = "ecrsweepRegistryExport";

    public static final int FORMAT_VERSION = 1;

    // Every non-ASCII character escaped on output: no text from a registry can reorder a terminal that shows the
    // export. A key given twice is refused on input: by the readers below for the objects they read field by
    // field (the parser's own check keeps a set of names per object, a tenth of reading a 100,000-image file),
    // and by the tree reader for every value read as a tree.
    private static final class Mapper {
        static final ObjectMapper JSON = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .build();
    }

    /**
     * The reader's parsers, made without the mapper: a snapshot's usual values are read from the parser's tokens,
     * and the mapper (a tenth of a second of set-up before a file's first byte is read) is made only for a value
     * read as a tree ({@link #tree}), or for writing.
     */
    private static final JsonFactory PARSERS = new JsonFactory();

    private RegistryExport() {}

    /** One repository of an export or snapshot. */
    public record RepositoryData(Repository repository, String lifecyclePolicyText, List<Image> images) {
        public RepositoryData {
            images = List.copyOf(images);
        }
    }

    /**
     * What one file holds: its repositories, when it was exported (null for describe-images output), the
     * account and region it was read from (null when it does not say), and the filters it was written
     * with (null for a complete export).
     */
    public record Snapshot(
            Instant exportedAt, List<RepositoryData> repositories, String registryId, String region, String filters) {
        public Snapshot {
            repositories = List.copyOf(repositories);
        }

        public boolean isPartial() {
            return filters != null;
        }
    }

    /** Where an export comes from and how it was made: the account and region, and the filters applied, if any. */
    public record Origin(String registryId, String region, String filters) {}

    /** Thrown for content that is not a valid export or describe-images output; the message says where. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    // ---- writing

    /**
     * Writes the export as it is serialised, repository by repository and image by image: no tree of the whole
     * registry and no string of it are held (a 100,000-image export is 35 MB of text).
     */
    public static void write(Writer out, List<RepositoryData> repositories, Instant exportedAt, Origin origin) {
        // The mapper's settings: indented, every non-ASCII character escaped; the caller's writer left open.
        try (JsonGenerator g = Mapper.JSON
                .writer()
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField(FORMAT_KEY, FORMAT_VERSION);
            g.writeStringField("exportedAt", exportedAt.toString());
            if (origin.registryId() != null) {
                g.writeStringField("registryId", origin.registryId());
            }
            if (origin.region() != null) {
                g.writeStringField("region", origin.region());
            }
            if (origin.filters() != null) {
                // A filtered export lists only some images: --snapshot refuses to plan on it.
                g.writeBooleanField("partial", true);
                g.writeStringField("filters", origin.filters());
            }
            g.writeArrayFieldStart("repositories");
            for (RepositoryData data : repositories) {
                g.writeStartObject();
                g.writeStringField("repositoryName", data.repository().name());
                if (data.repository().uri() != null) {
                    g.writeStringField("repositoryUri", data.repository().uri());
                }
                if (data.repository().createdAt() != null) {
                    g.writeStringField(
                            "createdAt", data.repository().createdAt().toString());
                }
                if (data.lifecyclePolicyText() != null) {
                    g.writeStringField("lifecyclePolicyText", data.lifecyclePolicyText());
                }
                g.writeArrayFieldStart("imageDetails");
                for (Image image : data.images()) {
                    imageDetail(g, image);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The export as one string: for tests and small registries. */
    public static String write(List<RepositoryData> repositories, Instant exportedAt, Origin origin) {
        StringWriter text = new StringWriter();
        write(text, repositories, exportedAt, origin);
        return text.toString();
    }

    /** One image in ECR's {@code ImageDetail} shape, plus {@code childDigests}. */
    private static void imageDetail(JsonGenerator g, Image image) throws IOException {
        g.writeStartObject();
        g.writeStringField("imageDigest", image.digest().toString());
        g.writeArrayFieldStart("imageTags");
        for (String tag : image.tags()) {
            g.writeString(tag);
        }
        g.writeEndArray();
        g.writeStringField("imagePushedAt", image.pushedAt().toString());
        g.writeNumberField("imageSizeInBytes", image.sizeInBytes());
        stringIfSet(g, "imageManifestMediaType", image.manifestMediaType());
        stringIfSet(g, "artifactMediaType", image.artifactMediaType());
        stringIfSet(g, "lastRecordedPullTime", image.lastRecordedPullTime());
        g.writeStringField("imageStatus", image.status().name());
        stringIfSet(g, "lastArchivedAt", image.lastArchivedAt());
        stringIfSet(g, "lastActivatedAt", image.lastActivatedAt());
        stringIfSet(g, "subjectManifestDigest", image.subjectDigest());
        if (!image.childDigests().isEmpty()) {
            g.writeArrayFieldStart("childDigests");
            for (Digest d : image.childDigests()) {
                g.writeString(d.toString());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void stringIfSet(JsonGenerator g, String key, Object value) throws IOException {
        if (value != null) {
            g.writeStringField(key, value.toString());
        }
    }

    // ---- reading

    /**
     * Reads an export (several repositories) or {@code aws ecr describe-images} output (one repository,
     * named by its entries' {@code repositoryName}, else by {@code fallbackName}). The text is read as a
     * stream: each image becomes the compact image model as it is met, and no tree of the whole file is built.
     */
    public static Snapshot read(String text, String fallbackName) throws FormatException {
        try (JsonParser p = PARSERS.createParser(text)) {
            return read(p, fallbackName, null);
        } catch (IOException e) {
            throw new FormatException("cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The same, read from a stream of UTF-8 bytes as they come: a snapshot file is never held whole, as bytes or
     * as text. A failure to read the stream (not its content) is thrown as it is.
     */
    public static Snapshot read(InputStream in, String fallbackName) throws FormatException, IOException {
        return read(in, fallbackName, null);
    }

    /** The same, with {@code join} told of the end of each array of entries ({@link SplitRead}). */
    static Snapshot read(InputStream in, String fallbackName, Join join) throws FormatException, IOException {
        try (JsonParser p = PARSERS.createParser(in)) {
            return read(p, fallbackName, join);
        }
    }

    /** The constraints the reader's parsers keep: a file's nesting depth, the length of its strings, ... */
    static com.fasterxml.jackson.core.StreamReadConstraints constraints() {
        return PARSERS.streamReadConstraints();
    }

    /**
     * Told of the end of each array of image entries, to join to it the entries another thread read: {@code p}
     * at the array's END_ARRAY, its entries in {@code details} and their digests in {@code seen};
     * {@code oneRepository}: the array is describe-images output, whose entries name one repository.
     */
    interface Join {
        void atEnd(JsonParser p, boolean oneRepository, Details details, java.util.Set<Digest> seen) throws IOException;
    }

    /**
     * The entries of the array whose START_ARRAY is the parser's current token, read to its END_ARRAY with the
     * checks of describe-images output: the part of an array another thread reads ({@link SplitRead}).
     */
    static Details entries(JsonParser p) throws FormatException, IOException {
        return details(p, "imageDetails", true, null, new Keys(true));
    }

    private static Snapshot read(JsonParser p, String fallbackName, Join join) throws FormatException, IOException {
        try {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new FormatException(
                        "expected a JSON object: an ecrsweep registry export or the output of 'aws ecr describe-images'");
            }
            Map<String, JsonNode> fields = new HashMap<>();
            List<RepositoryData> repositories = null;
            Details details = null;
            boolean repositoriesArray = true;
            boolean detailsArray = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (fields.containsKey(field)) {
                    throw duplicate(p, field);
                }
                JsonToken value = p.nextToken();
                if ("repositories".equals(field)) {
                    fields.put(field, NullNode.getInstance());
                    repositoriesArray = value == JsonToken.START_ARRAY;
                    repositories = repositoriesArray ? repositories(p, join) : skip(p, null);
                } else if ("imageDetails".equals(field)) {
                    fields.put(field, NullNode.getInstance());
                    detailsArray = value == JsonToken.START_ARRAY;
                    details = detailsArray ? details(p, "imageDetails", true, join, new Keys(false)) : skip(p, null);
                } else {
                    fields.put(field, value(p, value));
                }
            }
            if (fields.containsKey(FORMAT_KEY)) {
                JsonNode format = fields.get(FORMAT_KEY);
                int version = format == null ? -1 : format.asInt(-1);
                if (version != FORMAT_VERSION) {
                    throw new FormatException(FORMAT_KEY + ": version " + format
                            + " is not supported (this ecrsweep reads " + FORMAT_VERSION + ")");
                }
                if (repositories == null || !repositoriesArray) {
                    throw new FormatException("repositories: expected an array");
                }
                JsonNode exported = fields.get("exportedAt");
                Instant exportedAt = exported != null && !exported.isNull() ? time(exported, "exportedAt") : null;
                String filters = null;
                JsonNode partial = fields.get("partial");
                if (partial != null && partial.asBoolean(false)) {
                    JsonNode f = fields.get("filters");
                    filters = f != null && !f.isNull() ? text(fields, "filters", "") : "unknown filters";
                }
                return new Snapshot(
                        exportedAt, repositories, text(fields, "registryId", ""), text(fields, "region", ""), filters);
            }
            if (fields.containsKey("imageDetails")) {
                if (details == null || !detailsArray) {
                    throw new FormatException("imageDetails: expected an array");
                }
                return new Snapshot(
                        null,
                        List.of(new RepositoryData(
                                Repository.named(details.name != null ? details.name : fallbackName),
                                null,
                                details.images)),
                        details.registryId,
                        null,
                        null);
            }
            throw new FormatException("neither an ecrsweep registry export (" + FORMAT_KEY
                    + ") nor 'aws ecr describe-images' output (imageDetails)");
        } catch (JsonProcessingException e) {
            throw new FormatException(io.github.ecrsweep.registry.StrictJson.place(e) + "not valid JSON: "
                    + io.github.ecrsweep.registry.StrictJson.message(e));
        }
    }

    /** Skips the value at the parser, and says so by returning {@code nothing}. */
    private static <T> T skip(JsonParser p, T nothing) throws IOException {
        skipChecked(p);
        return nothing;
    }

    /** Skips the value at the parser, an object or array read as a tree so that a key given twice in it is refused. */
    private static void skipChecked(JsonParser p) throws IOException {
        if (p.currentToken().isStructStart()) {
            tree(p);
        }
    }

    /** The parser's own failure for a key given twice, at the place the parser is. */
    private static JsonParseException duplicate(JsonParser p, String key) {
        return new JsonParseException(p, "Duplicate field '" + key + "'");
    }

    /**
     * Where an entry is in the file ({@code imageDetails[3]}), written only into a message: a snapshot has
     * hundreds of thousands of entries, and most files have no problem to place.
     */
    private record Place(String array, int index) {
        @Override
        public String toString() {
            return array + "[" + index + "]";
        }
    }

    /** The images of an {@code imageDetails} array, with the repository name and registry id its entries give. */
    static final class Details {
        final List<Image> images = new ArrayList<>();
        String name;
        String registryId;
    }

    /**
     * Reads an {@code imageDetails} array at the parser, one entry at a time; {@code oneRepository}: its
     * entries must all name the same repository (describe-images output); {@code join}, if any, told of the
     * array's end.
     */
    private static Details details(JsonParser p, String path, boolean oneRepository, Join join, Keys keys)
            throws IOException, FormatException {
        Details details = new Details();
        java.util.Set<Digest> seen = new java.util.HashSet<>();
        int i = 0;
        Entry d = new Entry();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            Place at = new Place(path, i++);
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new FormatException(at + ": expected an object");
            }
            d.read(p, details.name, details.registryId, keys);
            if (oneRepository) {
                String name = d.repositoryName;
                if (name != null) {
                    if (details.name != null && !details.name.equals(name)) {
                        throw new FormatException("imageDetails: entries of two repositories ('" + details.name
                                + "' and '" + name + "'); save one repository per file");
                    }
                    details.name = name;
                }
                if (d.registryId != null) {
                    details.registryId = d.registryId;
                }
            }
            Image image = image(d, at);
            if (!seen.add(image.digest())) {
                throw new FormatException(at + ".imageDigest: " + image.digest() + " is listed twice");
            }
            details.images.add(image);
        }
        if (join != null) {
            join.atEnd(p, oneRepository, details, seen);
        }
        return details;
    }

    /** The repository's tag mutability as describe-repositories writes it, or null when the file does not say. */
    private static io.github.ecrsweep.rules.TagMutability mutability(Map<String, JsonNode> fields, String path)
            throws FormatException {
        String mode = text(fields, "imageTagMutability", path);
        if (mode == null) {
            return null;
        }
        List<String> exclusions = new ArrayList<>();
        JsonNode filters = fields.get("imageTagMutabilityExclusionFilters");
        if (filters != null && !filters.isNull()) {
            if (!filters.isArray()) {
                throw new FormatException(path + ".imageTagMutabilityExclusionFilters: expected an array");
            }
            for (JsonNode f : filters) {
                if (!f.path("filter").isTextual()) {
                    throw new FormatException(path + ".imageTagMutabilityExclusionFilters: each needs a filter");
                }
                exclusions.add(f.path("filter").asText());
            }
        }
        return new io.github.ecrsweep.rules.TagMutability(
                io.github.ecrsweep.rules.TagMutability.Mode.of(mode), exclusions);
    }

    /** Reads the {@code repositories} array of an export at the parser, each repository's images as a stream. */
    private static List<RepositoryData> repositories(JsonParser p, Join join) throws IOException, FormatException {
        List<RepositoryData> result = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String path = "repositories[" + i++ + "]";
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new FormatException(path + ": expected an object");
            }
            Map<String, JsonNode> fields = new HashMap<>();
            Details details = null;
            boolean detailsArray = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (fields.containsKey(field)) {
                    throw duplicate(p, field);
                }
                JsonToken value = p.nextToken();
                if ("imageDetails".equals(field)) {
                    fields.put(field, NullNode.getInstance());
                    detailsArray = value == JsonToken.START_ARRAY;
                    details = detailsArray
                            ? details(p, path + ".imageDetails", false, join, new Keys(false))
                            : skip(p, null);
                } else {
                    fields.put(field, value(p, value));
                }
            }
            String name = text(fields, "repositoryName", path);
            if (name == null) {
                throw new FormatException(path + ".repositoryName: missing");
            }
            String policy = text(fields, "lifecyclePolicyText", path);
            JsonNode createdAt = fields.get("createdAt");
            Instant created = createdAt != null ? time(createdAt, path, ".createdAt") : null;
            if (details == null) {
                throw new FormatException(path + ".imageDetails: expected an array");
            }
            result.add(new RepositoryData(
                    new Repository(name, text(fields, "repositoryUri", path), created, null, mutability(fields, path)),
                    policy,
                    details.images));
        }
        return result;
    }

    /** An optional string field of an object read into a map; a value of another type is an error. */
    private static String text(Map<String, JsonNode> fields, String key, String path) throws FormatException {
        JsonNode v = fields.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new FormatException((path.isEmpty() ? "" : path) + "." + key + ": expected a string");
        }
        return v.asText();
    }

    /**
     * The keys of one object read field by field, to refuse one given twice: the first few in an array (an image
     * entry has about seven), all in a set past them. One per array of entries, cleared for each.
     */
    private static final class Keys {
        private final String[] seen = new String[16];
        private int count;
        private java.util.Set<String> many;
        /**
         * Whether a key no image entry has, {@code imageDetails} or {@code repositories}, is refused at once: in the
         * part of an array another thread reads, which may begin at a repository of an export instead of an entry
         * ({@link SplitRead}), whose images are then not read as one tree to no use.
         */
        private final boolean entriesOnly;

        Keys(boolean entriesOnly) {
            this.entriesOnly = entriesOnly;
        }

        void clear() {
            count = 0;
            many = null;
        }

        /** Notes that {@code field} was read; refuses it when it was read before. */
        void once(JsonParser p, String field) throws JsonParseException {
            if (entriesOnly && (field.equals("imageDetails") || field.equals("repositories"))) {
                throw new JsonParseException(p, "'" + field + "' in an image entry");
            }
            if (many == null) {
                for (int i = 0; i < count; i++) {
                    // The names' hashes are kept by the strings: most unequal names differ there.
                    if (seen[i].hashCode() == field.hashCode() && seen[i].equals(field)) {
                        throw duplicate(p, field);
                    }
                }
                if (count < seen.length) {
                    seen[count++] = field;
                    return;
                }
                many = new java.util.HashSet<>(java.util.Arrays.asList(seen));
            }
            if (!many.add(field)) {
                throw duplicate(p, field);
            }
        }
    }

    /**
     * The fields of one image entry an image is made of, read from the parser's tokens: no tree of the entry,
     * and fields ecrsweep does not use (scan summaries, the repository's URI) skipped. The digest, the times
     * and the media types are read from the parser's buffer, without a string each, when they have the usual
     * form; a value of another form or type is kept as a tree, so that the checks name it as before.
     */
    private static final class Entry {
        JsonNode digest;
        Digest digestValue;
        JsonNode pushedAt;
        Instant pushedAtValue;
        JsonNode tags;
        List<String> tagList;
        JsonNode size;
        /** The size when it is a whole number that fits a long, else -1 and the node above. */
        long sizeValue = -1;

        JsonNode manifestMediaType;
        String manifestMediaTypeValue;
        JsonNode artifactMediaType;
        JsonNode lastRecordedPullTime;
        Instant lastRecordedPullTimeValue;
        JsonNode lastArchivedAt;
        JsonNode lastActivatedAt;
        JsonNode status;
        JsonNode subject;
        JsonNode children;
        String repositoryName;
        /** The registry id when it is a string, kept as the one string the entry before gave when the same. */
        String registryId;
        /** The first element of imageTags that is not a string, or -1. */
        int badTag = -1;

        private final int[] bad = new int[1];

        /** Every field as a new entry has it. */
        private void clear() {
            digest = null;
            digestValue = null;
            pushedAt = null;
            pushedAtValue = null;
            tags = null;
            tagList = null;
            size = null;
            sizeValue = -1;
            manifestMediaType = null;
            manifestMediaTypeValue = null;
            artifactMediaType = null;
            lastRecordedPullTime = null;
            lastRecordedPullTimeValue = null;
            lastArchivedAt = null;
            lastActivatedAt = null;
            status = null;
            subject = null;
            children = null;
            repositoryName = null;
            registryId = null;
            badTag = -1;
        }

        /**
         * Reads the entry whose START_OBJECT is the parser's current token, to its END_OBJECT, into this one, all
         * of whose fields it sets anew: an array's entries are read one after the other into one object, which
         * each image is made of before the next is read (a new one for each was an eighth of a snapshot's
         * garbage). {@code name} and {@code registryId}: those the entry before gave, if any, kept as those
         * strings when this entry gives the same; {@code keys}: the array's check of keys given twice, begun again
         * for this entry.
         */
        Entry read(JsonParser p, String name, String registryId, Keys keys) throws IOException {
            Entry e = this;
            e.clear();
            keys.clear();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                keys.once(p, field);
                JsonToken t = p.nextToken();
                switch (field) {
                    case "imageDigest" -> {
                        if (t != JsonToken.VALUE_STRING
                                || (e.digestValue = Digest.parse(
                                                p.getTextCharacters(), p.getTextOffset(), p.getTextLength()))
                                        == null) {
                            e.digest = value(p, t);
                        }
                    }
                    case "imagePushedAt" -> {
                        if ((e.pushedAtValue = time(p, t)) == null) {
                            e.pushedAt = value(p, t);
                        }
                    }
                    case "imageTags" -> {
                        if (t == JsonToken.START_ARRAY) {
                            e.bad[0] = -1;
                            e.tagList = strings(p, e.bad);
                            e.badTag = e.bad[0];
                        } else {
                            e.tags = value(p, t);
                        }
                    }
                    case "imageSizeInBytes" -> {
                        if (t == JsonToken.VALUE_NUMBER_INT
                                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                                && p.getLongValue() >= 0) {
                            e.sizeValue = p.getLongValue();
                        } else {
                            e.size = value(p, t);
                        }
                    }
                    case "imageManifestMediaType" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            e.manifestMediaTypeValue =
                                    MediaTypes.shared(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                        } else {
                            e.manifestMediaType = value(p, t);
                        }
                    }
                    case "artifactMediaType" -> e.artifactMediaType = value(p, t);
                    case "lastRecordedPullTime" -> {
                        if ((e.lastRecordedPullTimeValue = time(p, t)) == null) {
                            e.lastRecordedPullTime = value(p, t);
                        }
                    }
                    case "lastArchivedAt" -> e.lastArchivedAt = value(p, t);
                    case "lastActivatedAt" -> e.lastActivatedAt = value(p, t);
                    case "imageStatus" -> e.status = value(p, t);
                    case "subjectManifestDigest" -> e.subject = value(p, t);
                    case "childDigests" -> e.children = value(p, t);
                    case "repositoryName" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            e.repositoryName = same(p, name);
                        } else if (t != JsonToken.VALUE_NULL) {
                            e.repositoryName = value(p, t).asText();
                        }
                    }
                    case "registryId" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            e.registryId = same(p, registryId);
                        } else {
                            skipChecked(p); // an id that is not a string is not said
                        }
                    }
                    default -> skipChecked(p);
                }
            }
            return e;
        }

        /** The string at the parser: {@code known} when it is the same text, else a string of its own. */
        private static String same(JsonParser p, String known) throws IOException {
            if (known != null && known.length() == p.getTextLength()) {
                char[] text = p.getTextCharacters();
                int offset = p.getTextOffset();
                boolean equal = true;
                for (int i = 0; i < known.length() && equal; i++) {
                    equal = text[offset + i] == known.charAt(i);
                }
                if (equal) {
                    return known;
                }
            }
            return p.getText();
        }

        /**
         * The time of the usual form ({@link Timestamps}) at the parser, within the times a registry can hold;
         * null for anything else, which the checks then read as before.
         */
        private static Instant time(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_STRING) {
                return null;
            }
            Instant fast = Timestamps.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            return fast == null || fast.isBefore(EARLIEST) || fast.isAfter(LATEST) ? null : fast;
        }
    }

    /** A scalar as a small node (no deserializer for the common cases), anything else as its tree. */
    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> com.fasterxml.jackson.databind.node.TextNode.valueOf(p.getText());
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_TRUE -> com.fasterxml.jackson.databind.node.BooleanNode.TRUE;
            case VALUE_FALSE -> com.fasterxml.jackson.databind.node.BooleanNode.FALSE;
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG
                        ? com.fasterxml.jackson.databind.node.LongNode.valueOf(p.getLongValue())
                        : tree(p);
            default -> tree(p);
        };
    }

    /** The value at the parser as a tree, a key given twice in it refused; the mapper is made at the first. */
    private static JsonNode tree(JsonParser p) throws IOException {
        if (p.getCodec() == null) {
            p.setCodec(Mapper.JSON);
        }
        return p.readValueAsTree();
    }

    /**
     * The strings of the array whose START_ARRAY is current, read to its end; {@code bad[0]} is the index of
     * its first element that is not a string, or -1.
     */
    private static List<String> strings(JsonParser p, int[] bad) throws IOException {
        // Most images have one or two tags: those are held in two variables and made the image's own list at the
        // end, with no list to grow and copy for each image.
        String first = null;
        String second = null;
        List<String> more = null;
        int count = 0;
        JsonToken t;
        int i = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                String tag = p.getText();
                if (count == 0) {
                    first = tag;
                } else if (count == 1) {
                    second = tag;
                } else {
                    if (more == null) {
                        more = new ArrayList<>();
                        more.add(first);
                        more.add(second);
                    }
                    more.add(tag);
                }
                count++;
            } else {
                if (bad[0] < 0) {
                    bad[0] = i;
                }
                skipChecked(p);
            }
            i++;
        }
        return switch (count) {
            case 0 -> List.of();
            case 1 -> List.of(first);
            case 2 -> List.of(first, second);
            default -> List.copyOf(more);
        };
    }

    private static Image image(Entry d, Place path) throws FormatException {
        Digest digest = d.digestValue != null
                ? d.digestValue
                : digest(text(d.digest, "imageDigest", path, true), path, ".imageDigest");
        Instant pushedAt = d.pushedAtValue;
        if (pushedAt == null) {
            if (d.pushedAt == null || d.pushedAt.isNull()) {
                throw new FormatException(path + ".imagePushedAt: missing");
            }
            pushedAt = time(d.pushedAt, path, ".imagePushedAt");
        }
        // The image is made at the end, without a builder for each of a snapshot's images.
        List<String> tags = List.of();
        long sizeInBytes = 0;
        Instant lastRecordedPullTime = null;
        Instant lastArchivedAt = null;
        Instant lastActivatedAt = null;
        ImageStatus imageStatus = ImageStatus.ACTIVE;
        Digest subjectDigest = null;
        List<Digest> childDigests = List.of();
        if (d.badTag >= 0) {
            throw new FormatException(path + ".imageTags[" + d.badTag + "]: expected a string");
        } else if (d.tagList != null) {
            tags = d.tagList;
        } else if (d.tags != null && !d.tags.isNull()) {
            throw new FormatException(path + ".imageTags: expected an array of strings");
        }
        JsonNode size = d.size;
        if (d.sizeValue >= 0) {
            sizeInBytes = d.sizeValue;
        } else if (size != null && !size.isNull()) {
            if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
                throw new FormatException(path + ".imageSizeInBytes: expected a non-negative integer");
            }
            sizeInBytes = size.asLong();
        }
        String manifestMediaType = d.manifestMediaTypeValue != null
                ? d.manifestMediaTypeValue
                : text(d.manifestMediaType, "imageManifestMediaType", path, false);
        String artifactMediaType = text(d.artifactMediaType, "artifactMediaType", path, false);
        if (d.lastRecordedPullTimeValue != null) {
            lastRecordedPullTime = d.lastRecordedPullTimeValue;
        } else if (d.lastRecordedPullTime != null && !d.lastRecordedPullTime.isNull()) {
            lastRecordedPullTime = time(d.lastRecordedPullTime, path, ".lastRecordedPullTime");
        }
        if (d.lastArchivedAt != null && !d.lastArchivedAt.isNull()) {
            lastArchivedAt = time(d.lastArchivedAt, path, ".lastArchivedAt");
        }
        if (d.lastActivatedAt != null && !d.lastActivatedAt.isNull()) {
            lastActivatedAt = time(d.lastActivatedAt, path, ".lastActivatedAt");
        }
        String status = text(d.status, "imageStatus", path, false);
        if (status != null) {
            try {
                imageStatus = ImageStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new FormatException(path + ".imageStatus: expected ACTIVE, ARCHIVED or ACTIVATING, found '"
                        + shortened(status) + "'");
            }
        }
        String subject = text(d.subject, "subjectManifestDigest", path, false);
        if (subject != null) {
            subjectDigest = digest(subject, path, ".subjectManifestDigest");
        }
        JsonNode children = d.children;
        if (children != null && !children.isNull()) {
            if (!children.isArray()) {
                throw new FormatException(path + ".childDigests: expected an array of digests");
            }
            List<Digest> list = new ArrayList<>();
            for (int i = 0; i < children.size(); i++) {
                if (!children.get(i).isTextual()) {
                    throw new FormatException(path + ".childDigests[" + i + "]: expected a digest string");
                }
                list.add(digest(children.get(i).asText(), path + ".childDigests[" + i + "]"));
            }
            childDigests = list;
        }
        return new Image(
                digest,
                tags,
                pushedAt,
                sizeInBytes,
                manifestMediaType,
                artifactMediaType,
                lastRecordedPullTime,
                imageStatus,
                lastArchivedAt,
                lastActivatedAt,
                subjectDigest,
                childDigests);
    }

    /** A string field's value, checked as the tree reader checked it. */
    private static String text(JsonNode v, String key, Object path, boolean required) throws FormatException {
        if (v == null || v.isNull()) {
            if (required) {
                throw new FormatException(path + "." + key + ": missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new FormatException(path + "." + key + ": expected a string");
        }
        return v.asText();
    }

    private static Digest digest(String text, Object path) throws FormatException {
        return digest(text, path, "");
    }

    /** The place is {@code path + field}, built only for a message: a snapshot has hundreds of thousands of fields. */
    private static Digest digest(String text, Object path, String field) throws FormatException {
        Digest digest = Digest.parse(text);
        if (digest == null) {
            throw new FormatException(path + field + ": not an image digest: '" + shortened(text) + "'");
        }
        return digest;
    }

    /** Text from the file, cut short for a message. */
    private static String shortened(String text) {
        return text == null || text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** The times a registry can hold: none before 2000 (ECR began in 2015), none after 9999. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** ISO-8601 text (AWS CLI v2, this export) or epoch seconds (AWS CLI v1), within the times a registry can hold. */
    private static Instant time(JsonNode v, String path) throws FormatException {
        return time(v, path, "");
    }

    /** The same, the place {@code path + field} built only for a message. */
    private static Instant time(JsonNode v, Object at, String field) throws FormatException {
        Instant t;
        if (v.isNumber()) {
            BigDecimal seconds = v.decimalValue();
            if (seconds.compareTo(BigDecimal.valueOf(EARLIEST.getEpochSecond())) < 0
                    || seconds.compareTo(BigDecimal.valueOf(LATEST.getEpochSecond())) > 0) {
                throw new FormatException(
                        at + field + ": " + v.asText() + " seconds since 1970 is not a time a registry can hold");
            }
            t = Instant.ofEpochSecond(
                    seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        } else if (v.isTextual()) {
            String s = v.asText();
            Instant fast = Timestamps.parse(s);
            try {
                t = fast != null ? fast : OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    t = Instant.parse(s);
                } catch (DateTimeParseException e2) {
                    throw new FormatException(at + field + ": not a time (expected ISO-8601 or epoch seconds)");
                }
            }
        } else {
            throw new FormatException(at + field + ": expected a time (ISO-8601 text or epoch seconds)");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new FormatException(at + field + ": " + t + " is not a time a registry can hold");
        }
        return t;
    }
}
