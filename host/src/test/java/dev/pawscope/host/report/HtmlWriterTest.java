package dev.pawscope.host.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HtmlWriterTest {

    @Test
    void textAndAttributeValuesCannotBreakOutOfTheirPlace() {
        String evil = "</td><script>alert(\"x\")</script> & 'quotes'";
        String html = new HtmlWriter().open("p", "title", evil).text(evil).close().finish();
        assertEquals("<p title=\"&lt;/td&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;\">"
                + "&lt;/td&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>", html);
    }

    @Test
    void aNullAttributeIsLeftOutAndEmptyElementsHaveNoEndTag() {
        String html = new HtmlWriter().open("div", "class", null, "id", "a").empty("img", "src", "data:x")
                .element("span", "", "class", "bar").close().finish();
        assertEquals("<div id=\"a\"><img src=\"data:x\"><span class=\"bar\"></span></div>", html);
    }

    @Test
    void unbalancedElementsAreABug() {
        assertThrows(IllegalStateException.class, () -> new HtmlWriter().open("table").finish());
        assertThrows(IllegalStateException.class, () -> new HtmlWriter().close());
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("p", "class"));
    }

    @Test
    void pngsTravelAsBase64DataUris() {
        String uri = HtmlWriter.pngDataUri(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertEquals("data:image/png;base64,iVBORw==", uri);
        assertTrue(ReportPage.methodTitle("float_gradcam").equals("float · Grad-CAM"));
        assertEquals("int8 · guided backprop", ReportPage.methodTitle("int8_guided_backprop"));
    }
}
