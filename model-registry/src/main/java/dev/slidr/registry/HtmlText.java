package dev.slidr.registry;

/**
 * Text made safe for the HTML pages slidr writes: the training report in every bundle and the
 * replay's diff page. Written by hand: the five characters below are all HTML needs, and no
 * escaping library is on these modules' paths.
 */
public final class HtmlText {

    private HtmlText() {}

    /**
     * HTML-escapes text for element content and double-quoted attributes; control characters other
     * than tab and newline are dropped, as HTML does not allow them.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 && c != 0x7f || c == '\t' || c == '\n') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
