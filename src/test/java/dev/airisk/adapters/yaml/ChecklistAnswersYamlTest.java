package dev.airisk.adapters.yaml;

import static dev.airisk.adapters.yaml.YamlRoundTripTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException;
import dev.airisk.core.port.RegistryCodec.ChecklistAnswerInput;
import dev.airisk.core.port.RegistryCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answers file of {@code airisk checklist --file}: answers in file order, strict on everything else. */
class ChecklistAnswersYamlTest {
    private static final String FILE = "answers.yaml";

    private final YamlRegistryCodec codec = new YamlRegistryCodec();

    private List<ChecklistAnswerInput> read(String yaml) {
        return codec.readChecklistAnswers(bytes(yaml), FILE);
    }

    private String error(String yaml) {
        return assertThrows(AiriskException.InvalidInput.class, () -> read(yaml)).getMessage();
    }

    @Test
    void answers_comeInFileOrder_asWritten_withBooleansAsYesOrNo() {
        assertEquals(List.of(
                        new ChecklistAnswerInput("risk-management", "yes", "RMS-2026-04 https://wiki.example/rms"),
                        new ChecklistAnswerInput("data-governance", "yes", "DG-review-2026-10"),
                        new ChecklistAnswerInput("transparency", "partial", "Instructions for use drafted"),
                        new ChecklistAnswerInput("human-oversight", "no", null),
                        new ChecklistAnswerInput("record-keeping", "yes", "logging: LOG-17"),
                        new ChecklistAnswerInput("post-market-monitoring", "no", "2026"),
                        new ChecklistAnswerInput("accuracy-robustness-security", "n/a", "not deployed yet"),
                        new ChecklistAnswerInput("quality-management", "Yes", "QMS-3")),
                read("""
                        risk-management:
                          answer: yes
                          evidence: RMS-2026-04 https://wiki.example/rms
                        data-governance: {answer: yes, evidence: DG-review-2026-10}
                        transparency: {answer: partial, evidence: Instructions for use drafted}
                        human-oversight:
                          answer: no
                        record-keeping: {answer: true, evidence: "logging: LOG-17"}
                        post-market-monitoring: {answer: false, evidence: 2026}
                        accuracy-robustness-security: {answer: n/a, evidence: not deployed yet}
                        quality-management: {answer: Yes, evidence: QMS-3}
                        """));
    }

    @Test
    void anEmptyFile_hasNoAnswers() {
        assertEquals(List.of(), read(""));
        assertEquals(List.of(), read("# to be filled in\n"));
    }

    @Test
    void badAnswers_nameFileLineAndWhatIsWrong() {
        assertEquals("answers.yaml: line 3: unknown key 'evidense' in risk-management, expected one of answer, evidence",
                error("risk-management:\n  answer: yes\n  evidense: RMS-1\n"));
        assertEquals("answers.yaml: line 1: risk-management.answer 'maybe' is not one of yes, no, partial, n/a",
                error("risk-management: {answer: maybe}\n"));
        assertEquals("answers.yaml: line 1: risk-management.answer 'on' is not one of yes, no, partial, n/a",
                error("risk-management: {answer: on}\n"));
        assertEquals("answers.yaml: line 2: risk-management.answer is missing",
                error("data-governance: {answer: yes}\nrisk-management: {evidence: RMS-1}\n"));
        assertEquals("answers.yaml: line 3: risk-management.evidence must be a single value, not a list",
                error("risk-management:\n  answer: yes\n  evidence: [RMS-1, RMS-2]\n"));
        assertEquals("answers.yaml: line 2: risk-management.answer must be a single value, not a mapping",
                error("risk-management:\n  answer: {value: yes}\n"));
        assertEquals("answers.yaml: line 1: risk-management must be a mapping of keys to values, not a single value",
                error("risk-management: yes\n"));
        assertEquals("answers.yaml: line 2: risk-management has no answer (write risk-management: {answer: yes, evidence: TEXT})",
                assertThrows(AiriskException.InvalidInput.class, () -> read("data-governance: {answer: yes}\nrisk-management:\n"))
                        .oneLine());
        assertEquals("answers.yaml: line 1: checklist item 'Risk Management' is not an item id "
                + "(1-64 lower-case letters, digits or '-', starting with a letter or digit)", error("Risk Management: {answer: yes}\n"));
        assertEquals("answers.yaml: line 2: risk-management is given twice (first on line 1)",
                error("risk-management: {answer: yes}\nrisk-management: {answer: no}\n"));
        assertEquals("answers.yaml: line 1: the document must be a mapping of keys to values, not a list",
                error("- risk-management\n"));
    }

    @Test
    void anAnswerTheCoreRefuses_isReportedAtItsLine_withoutTheCommandLinesFix() {
        AiriskException.InvalidInput refused = assertThrows(AiriskException.InvalidInput.class,
                () -> read("risk-management: {answer: 'yes please'}\n"));
        assertEquals("answers.yaml: line 1: risk-management.answer 'yes please' is not one of yes, no, partial, n/a",
                refused.oneLine());
        assertEquals(List.of("N/A", "Partial"), read("a: {answer: N/A}\nb: {answer: Partial}\n").stream()
                .map(RegistryCodec.ChecklistAnswerInput::answer).toList());
    }
}
