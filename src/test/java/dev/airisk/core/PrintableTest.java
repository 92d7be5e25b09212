package dev.airisk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void oneLine_escapesEveryControlCharacter_includingLineBreaks() {
        assertEquals("a\\e[31mb\\x07c\\nd\\re\\tf\\x7fg\\x9bh\\u2028i\\x00",
                Printable.oneLine("a\u001b[31mb\u0007c\nd\re\tf\u007fg\u009bh\u2028i\u0000"));
    }

    @Test
    void lines_keepsLineFeeds_only() {
        assertEquals("one\ntwo\\r\\e[2J", Printable.lines("one\ntwo\r\u001b[2J"));
    }

    @Test
    void printableText_isReturnedAsItIs() {
        String s = "Scores churn — für Kunden, 顧客 ✓";
        assertSame(s, Printable.oneLine(s));
        assertNull(Printable.oneLine(null));
    }

    @Test
    void requireOneLine_namesTheFieldAndWhere_withoutRepeatingTheValue() {
        AiriskException.InvalidInput e = assertThrows(AiriskException.InvalidInput.class,
                () -> Printable.requireOneLine("reason", "INC\u001b]0;x\u0007"));
        assertEquals("reason contains the control character U+001B at character 4 (write it as one line of printable text)", e.oneLine());
        assertEquals("reason contains a line break U+000A at character 2",
                assertThrows(AiriskException.InvalidInput.class, () -> Printable.requireOneLine("reason", "a\nb")).getMessage());
        assertEquals("ok", Printable.requireOneLine("reason", "ok"));
    }

    @Test
    void requireLines_allowsLineFeeds_butNoOtherControl() {
        assertEquals("a\nb", Printable.requireLines("description", "a\nb"));
        assertEquals("description contains a line break U+000D at character 2",
                assertThrows(AiriskException.InvalidInput.class, () -> Printable.requireLines("description", "a\r\nb")).getMessage());
    }
}
