package io.github.ecrsweep.rules;

import io.github.ecrsweep.rules.PolicySpec.ActionSpec;
import io.github.ecrsweep.rules.PolicySpec.RuleSpec;
import io.github.ecrsweep.rules.PolicySpec.SelectionSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a written policy against every constraint ECR documents for lifecycle policies and reports
 * each violation with its JSON location. A policy with no problems becomes a {@link LifecyclePolicy}.
 */
public final class PolicyValidator {

    public static final int MAX_RULES = 50;
    public static final int MIN_TEXT_LENGTH = 100;
    public static final int MAX_TEXT_LENGTH = 30_720;
    public static final int MAX_WILDCARDS = 4;
    public static final String COUNT_UNIT_DAYS = "days";

    /** The outcome: the problems found, and the policy when there are none. */
    public record Validation(List<Problem> problems, Optional<LifecyclePolicy> policy) {
        public Validation {
            problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    private PolicyValidator() {}

    public static Validation validate(PolicySpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (spec.textLength() < MIN_TEXT_LENGTH || spec.textLength() > MAX_TEXT_LENGTH) {
            problems.add(Problem.at(
                    Problem.DOCUMENT,
                    "is " + spec.textLength() + " characters long; ECR accepts " + MIN_TEXT_LENGTH + " to "
                            + MAX_TEXT_LENGTH + " (a short policy can be padded with a description)"));
        }
        if (spec.rules() == null) {
            problems.add(Problem.at("rules", "missing required key"));
            return new Validation(problems, Optional.empty());
        }
        if (spec.rules().isEmpty()) {
            problems.add(Problem.at("rules", "must contain at least one rule"));
        }
        if (spec.rules().size() > MAX_RULES) {
            problems.add(Problem.at(
                    "rules", "has " + spec.rules().size() + " rules; at most " + MAX_RULES + " are allowed"));
        }

        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < spec.rules().size(); i++) {
            checked.add(checkRule(i, spec.rules().get(i), problems));
        }
        checkAcrossRules(checked, problems);

        if (!problems.isEmpty()) {
            return new Validation(problems, Optional.empty());
        }
        List<Rule> rules = checked.stream().map(Checked::toRule).toList();
        return new Validation(List.of(), Optional.of(new LifecyclePolicy(rules)));
    }

    /** What one rule resolved to; a null field was missing or invalid and has been reported. */
    private record Checked(
            String path,
            Long priority,
            String description,
            TagStatus tagStatus,
            String listKey,
            List<String> tagList,
            StorageClass storageClass,
            CountType countType,
            Long countNumber,
            Action action) {

        Rule toRule() {
            TagSelector tags;
            switch (tagStatus) {
                case UNTAGGED:
                    tags = new TagSelector.Untagged();
                    break;
                case ANY:
                    tags = new TagSelector.AnyImage();
                    break;
                default:
                    tags = "tagPrefixList".equals(listKey)
                            ? new TagSelector.Prefixes(tagList)
                            : new TagSelector.Patterns(
                                    tagList.stream().map(TagPattern::of).toList());
            }
            return new Rule(
                    priority.intValue(),
                    description,
                    new Selection(tags, storageClass, countType, countNumber.intValue()),
                    action);
        }
    }

    private static Checked checkRule(int index, RuleSpec rule, List<Problem> problems) {
        String path = "rules[" + index + "]";
        Long priority = positiveInt(rule.rulePriority(), path + ".rulePriority", problems);

        SelectionSpec sel = rule.selection();
        TagStatus tagStatus = null;
        String listKey = null;
        List<String> tagList = null;
        StorageClass storageClass = null;
        CountType countType = null;
        Long countNumber = null;
        String spath = path + ".selection";
        if (sel == null) {
            problems.add(Problem.at(spath, "missing required key"));
        } else {
            tagStatus =
                    required(sel.tagStatus(), spath + ".tagStatus", TagStatus::fromJson, TagStatus.values(), problems);
            if (tagStatus != null) {
                listKey = checkTagLists(tagStatus, sel, spath, problems);
                if (listKey != null) {
                    tagList = "tagPrefixList".equals(listKey) ? sel.tagPrefixList() : sel.tagPatternList();
                }
            }
            countType =
                    required(sel.countType(), spath + ".countType", CountType::fromJson, CountType.values(), problems);
            storageClass = checkStorageClass(sel, countType, spath, problems);
            checkCountUnit(sel, countType, spath, problems);
            countNumber = positiveInt(sel.countNumber(), spath + ".countNumber", problems);
            if (countType == CountType.SINCE_IMAGE_TRANSITIONED
                    && countNumber != null
                    && countNumber < LifecycleEvaluator.ARCHIVE_MINIMUM_DAYS) {
                // "You cannot configure lifecycle policies that delete images that have been in archive for
                // less than 90 days" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html)
                problems.add(Problem.at(
                        spath + ".countNumber",
                        "must be at least " + LifecycleEvaluator.ARCHIVE_MINIMUM_DAYS
                                + " with countType sinceImageTransitioned, found " + countNumber
                                + "; archived images have a 90-day minimum storage duration"));
                countNumber = null;
            }
        }

        Action action = checkAction(rule.action(), countType, path + ".action", problems);
        String description = rule.description();
        return new Checked(
                path, priority, description, tagStatus, listKey, tagList, storageClass, countType, countNumber, action);
    }

    /** A required integer from 1 to {@link Integer#MAX_VALUE}; null when missing or out of range (and reported). */
    private static Long positiveInt(Long value, String path, List<Problem> problems) {
        if (value == null) {
            problems.add(Problem.at(path, "missing required key"));
            return null;
        }
        if (value < 1) {
            problems.add(Problem.at(path, "must be at least 1, found " + value));
            return null;
        }
        if (value > Integer.MAX_VALUE) {
            problems.add(Problem.at(path, "is too large: " + value));
            return null;
        }
        return value;
    }

    /** Returns the list key in use for a valid tagged rule, or null. */
    private static String checkTagLists(TagStatus tagStatus, SelectionSpec sel, String spath, List<Problem> problems) {
        boolean hasPatterns = sel.tagPatternList() != null;
        boolean hasPrefixes = sel.tagPrefixList() != null;
        if (tagStatus != TagStatus.TAGGED) {
            if (hasPatterns) {
                problems.add(Problem.at(
                        spath + ".tagPatternList",
                        "not allowed with tagStatus " + tagStatus.json()
                                + "; tag lists are only for tagStatus tagged"));
            }
            if (hasPrefixes) {
                problems.add(Problem.at(
                        spath + ".tagPrefixList",
                        "not allowed with tagStatus " + tagStatus.json()
                                + "; tag lists are only for tagStatus tagged"));
            }
            return null;
        }
        if (hasPatterns && hasPrefixes) {
            problems.add(
                    Problem.at(spath + ".tagPrefixList", "not allowed together with tagPatternList; use one of them"));
            return null;
        }
        if (!hasPatterns && !hasPrefixes) {
            problems.add(Problem.at(spath, "tagStatus tagged requires tagPatternList or tagPrefixList"));
            return null;
        }
        String key = hasPatterns ? "tagPatternList" : "tagPrefixList";
        List<String> list = hasPatterns ? sel.tagPatternList() : sel.tagPrefixList();
        int before = problems.size();
        if (list.isEmpty()) {
            problems.add(Problem.at(spath + "." + key, "must not be empty"));
        }
        for (int i = 0; i < list.size(); i++) {
            String entry = list.get(i);
            String epath = spath + "." + key + "[" + i + "]";
            if (entry.isEmpty()) {
                problems.add(Problem.at(epath, "must not be empty"));
            } else if (hasPatterns && TagPattern.wildcards(entry) > MAX_WILDCARDS) {
                problems.add(Problem.at(
                        epath,
                        "\"" + entry + "\" has " + TagPattern.wildcards(entry) + " wildcards; at most " + MAX_WILDCARDS
                                + " are allowed"));
            }
        }
        return problems.size() == before ? key : null;
    }

    private static StorageClass checkStorageClass(
            SelectionSpec sel, CountType countType, String spath, List<Problem> problems) {
        String path = spath + ".storageClass";
        StorageClass declared = null;
        if (sel.storageClass() != null) {
            declared = StorageClass.fromJson(sel.storageClass()).orElse(null);
            if (declared == null) {
                problems.add(Problem.at(path, mustBeOneOf(sel.storageClass(), StorageClass.values())));
                return null;
            }
        }
        if (countType == CountType.SINCE_IMAGE_TRANSITIONED) {
            if (declared == null) {
                problems.add(Problem.at(path, "required with countType sinceImageTransitioned; it must be archive"));
                return null;
            }
            if (declared != StorageClass.ARCHIVE) {
                problems.add(Problem.at(
                        path, "must be archive with countType sinceImageTransitioned, found " + declared.json()));
                return null;
            }
            return declared;
        }
        StorageClass effective = declared == null ? StorageClass.STANDARD : declared;
        if (effective == StorageClass.ARCHIVE && countType != null) {
            problems.add(Problem.at(
                    path, "archive is only allowed with countType sinceImageTransitioned, not " + countType.json()));
            return null;
        }
        return effective;
    }

    private static void checkCountUnit(SelectionSpec sel, CountType countType, String spath, List<Problem> problems) {
        if (countType == null) {
            return;
        }
        String path = spath + ".countUnit";
        if (!countType.isAge()) {
            if (sel.countUnit() != null) {
                problems.add(Problem.at(path, "not allowed with countType " + countType.json()));
            }
        } else if (sel.countUnit() == null) {
            problems.add(Problem.at(path, "required with countType " + countType.json() + "; it must be \"days\""));
        } else if (!COUNT_UNIT_DAYS.equals(sel.countUnit())) {
            problems.add(Problem.at(path, "must be \"days\", found \"" + sel.countUnit() + "\""));
        }
    }

    private static Action checkAction(ActionSpec spec, CountType countType, String apath, List<Problem> problems) {
        if (spec == null) {
            problems.add(Problem.at(apath, "missing required key"));
            return null;
        }
        String type = spec.type();
        String target = spec.targetStorageClass();
        if (type == null) {
            problems.add(Problem.at(apath + ".type", "missing required key"));
            return null;
        }
        switch (type) {
            case "expire":
                if (target != null) {
                    problems.add(Problem.at(apath + ".targetStorageClass", "not allowed with action type expire"));
                    return null;
                }
                if (countType == CountType.SINCE_IMAGE_PULLED) {
                    problems.add(Problem.at(
                            apath + ".type",
                            "expire is not allowed with countType sinceImagePulled; "
                                    + "use transition (then expire archived images with sinceImageTransitioned)"));
                    return null;
                }
                return new Action.Expire();
            case "transition":
                if (target == null) {
                    problems.add(Problem.at(
                            apath + ".targetStorageClass", "required with action type transition; it must be archive"));
                    return null;
                }
                if (!StorageClass.ARCHIVE.json().equals(target)) {
                    problems.add(
                            Problem.at(apath + ".targetStorageClass", "must be archive, found \"" + target + "\""));
                    return null;
                }
                if (countType == CountType.SINCE_IMAGE_TRANSITIONED) {
                    problems.add(Problem.at(
                            apath + ".type",
                            "transition is not allowed with countType sinceImageTransitioned; use expire"));
                    return null;
                }
                return new Action.Transition(StorageClass.ARCHIVE);
            default:
                problems.add(Problem.at(apath + ".type", "must be one of expire, transition; found \"" + type + "\""));
                return null;
        }
    }

    private static void checkAcrossRules(List<Checked> rules, List<Problem> problems) {
        Map<Long, Checked> byPriority = new HashMap<>();
        for (Checked r : rules) {
            if (r.priority() == null) {
                continue;
            }
            Checked first = byPriority.putIfAbsent(r.priority(), r);
            if (first != null) {
                problems.add(Problem.at(
                        r.path() + ".rulePriority",
                        r.priority() + " is also used by " + first.path() + "; priorities must be unique"));
            }
        }

        Map<StorageClass, List<Checked>> byClass = new LinkedHashMap<>();
        for (Checked r : rules) {
            if (r.storageClass() != null) {
                byClass.computeIfAbsent(r.storageClass(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        byClass.forEach((storageClass, inClass) -> {
            Checked untagged = null;
            Set<String> seenLists = new HashSet<>();
            Map<String, Checked> listOwner = new HashMap<>();
            for (Checked r : inClass) {
                if (r.tagStatus() == TagStatus.UNTAGGED) {
                    if (untagged != null) {
                        problems.add(Problem.at(
                                r.path() + ".selection.tagStatus",
                                "only one rule per storage class may select " + "untagged images; " + untagged.path()
                                        + " already does in storage class " + storageClass.json()));
                    } else {
                        untagged = r;
                    }
                }
                if (r.tagStatus() == TagStatus.ANY && r.priority() != null) {
                    inClass.stream()
                            .filter(o -> o != r && o.priority() != null && o.priority() > r.priority())
                            .max((a, b) -> Long.compare(a.priority(), b.priority()))
                            .ifPresent(o -> problems.add(Problem.at(
                                    r.path() + ".rulePriority",
                                    "a rule with tagStatus any "
                                            + "must have the highest rulePriority among the rules selecting storage class "
                                            + storageClass.json() + ", but " + o.path() + " has " + o.priority())));
                }
                if (r.tagList() != null) {
                    String key = r.listKey() + new TreeSet<>(r.tagList());
                    if (!seenLists.add(key)) {
                        Checked o = listOwner.get(key);
                        problems.add(Problem.at(
                                r.path() + ".selection." + r.listKey(),
                                "the same tag list as " + o.path()
                                        + "; the rules selecting a storage class must each have a unique set of tags"));
                    } else {
                        listOwner.put(key, r);
                    }
                }
            }
        });
    }

    private static <E extends Enum<E> & JsonNamed> E required(
            String value, String path, Function<String, Optional<E>> parse, E[] all, List<Problem> problems) {
        if (value == null) {
            problems.add(Problem.at(path, "missing required key"));
            return null;
        }
        Optional<E> parsed = parse.apply(value);
        if (parsed.isEmpty()) {
            problems.add(Problem.at(path, mustBeOneOf(value, all)));
        }
        return parsed.orElse(null);
    }

    private static String mustBeOneOf(String value, JsonNamed[] all) {
        String names = Arrays.stream(all).map(JsonNamed::json).collect(Collectors.joining(", "));
        return "must be one of " + names + "; found \"" + value + "\"";
    }
}
