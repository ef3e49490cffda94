package dev.slidr.contract.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Device;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad mapping file fails at load with a message that names the key and the problem. */
class CsvMappingTest {

    private static final String FIELDS =
            "\"click_id\":{\"column\":\"id\"},\"ts\":{\"column\":\"t\"},"
                    + "\"session_id\":{\"column\":\"s\"},\"ip\":{\"column\":\"ip\"},"
                    + "\"user_agent\":{\"column\":\"ua\"},\"device\":{\"column\":\"d\"},"
                    + "\"ad_id\":{\"column\":\"a\"},\"advertiser_id\":{\"column\":\"b\"},"
                    + "\"placement\":{\"constant\":\"p\"}";

    private static CsvMapping parse(String json) {
        return CsvMapping.parse("m.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAMinimalMappingWithDefaults() {
        CsvMapping mapping = parse("{\"fields\":{" + FIELDS + "}}");
        assertThat(mapping.header()).isTrue();
        assertThat(mapping.delimiter()).isEqualTo(',');
        assertThat(mapping.tsFormat()).isEqualTo(CsvMapping.TimestampFormat.EPOCH_MILLIS);
        assertThat(mapping.source("user_id")).isNull();
        assertThat(mapping.source("placement")).isEqualTo(new CsvMapping.Source.Constant("p"));
        assertThat(mapping.truthy()).contains("true", "1", "yes");
    }

    @Test
    void aBooleanLoggedInConstantHoldsWhateverTheTruthyValues() throws Exception {
        CsvMapping mapping =
                parse(
                        "{\"fields\":{"
                                + FIELDS
                                + ",\"user_id\":{\"column\":\"s\"},\"logged_in\":{\"constant\":true,"
                                + "\"truthy\":[\"ja\"]}}}");
        assertThat(mapping.loggedInConstant()).isTrue();
        byte[] csv =
                "id,t,s,ip,ua,d,a,b\nc-1,1772442000000,s-1,10.0.0.1,ua,app,a,b\n"
                        .getBytes(StandardCharsets.UTF_8);
        try (CsvClickReader reader =
                new CsvClickReader(
                        "c.csv",
                        new ByteArrayInputStream(csv),
                        mapping,
                        ContractReader.defaults())) {
            assertThat(reader.next().parsed().value().loggedIn()).isTrue();
        }
    }

    @Test
    void keysOfTheDeviceMapIgnoreCase() {
        CsvMapping mapping =
                parse(
                        "{\"fields\":{"
                                + FIELDS.replace(
                                        "\"device\":{\"column\":\"d\"}",
                                        "\"device\":{\"column\":\"d\",\"map\":{\"Android\":\"mobile\"}}")
                                + "}}");
        assertThat(mapping.deviceMap()).containsEntry("android", Device.MOBILE);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"fields\":{ | m.json: not valid JSON",
                "[] | (root): must be a JSON object",
                "{\"fields\":{},\"colums\":1} | (root): unknown key \"colums\"",
                "{\"fields\":{\"click_id\":{\"column\":\"id\"}}} | fields.ts: is required",
                "{\"fields\":{FIELDS,\"clickid\":{\"column\":\"x\"}}} | fields: unknown key"
                        + " \"clickid\"",
                "{\"fields\":{FIELDS},\"version\":2} | version: only version 1 exists",
                "{\"fields\":{FIELDS},\"csv\":{\"delimiter\":\";;\"}} | csv.delimiter: must be a"
                        + " single character",
                "{\"fields\":{FIELDS},\"csv\":{\"delimiter\":\"\\\"\"}} | csv.quote: must differ"
                        + " from the delimiter",
                "{\"fields\":{FIELDS},\"csv\":{\"header\":\"yes\"}} | csv.header: must be true or"
                        + " false",
                "{\"fields\":{FIELDS},\"csv\":{\"header\":false}} | fields.click_id.column: a"
                        + " column name needs",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":\"t\",\"format\":\"epoch_micros\"}}} |"
                        + " fields.ts.format: unknown format \"epoch_micros\"",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":\"t\",\"format\":\"pattern\"}}} |"
                        + " fields.ts.pattern: is required when format is \"pattern\"",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":\"t\",\"format\":\"pattern\",\"pattern\":\"yyyy-MM-dd"
                    + " {\"}}} | fields.ts.pattern: not a DateTimeFormatter pattern",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":\"t\",\"pattern\":\"yyyy\"}}} |"
                        + " fields.ts.pattern: only applies when format is \"pattern\"",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":\"t\",\"zone\":\"Mars/Olympus\"}}} |"
                        + " fields.ts.zone: unknown time zone \"Mars/Olympus\"",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":\"t\",\"constant\":\"1\"}}} | fields.ts:"
                        + " needs exactly one of",
                "{\"fields\":{FIELDS_TS\"ts\":{}}} | fields.ts: needs exactly one of",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":-1}}} | fields.ts.column: must be a"
                        + " header name or a 0-based column index",
                "{\"fields\":{FIELDS_TS\"ts\":{\"concat\":[\"a\"]}}} | fields.ts.concat: must be an"
                        + " array of at least two columns",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":\"t\",\"separator\":\"-\"}}} |"
                        + " fields.ts.separator: only applies to \"concat\"",
                "{\"fields\":{FIELDS_TS\"ts\":{\"column\":\"t\",\"map\":{}}}} | fields.ts: unknown"
                        + " key \"map\"",
                "{\"fields\":{FIELDS_DEVICE\"device\":{\"column\":\"d\",\"map\":{\"Android\":\"phone\"}}}}"
                    + " | fields.device.map.Android: \"phone\" is not a device class",
                "{\"fields\":{FIELDS_DEVICE\"device\":{\"column\":\"d\",\"map\":{\"iOS\":\"mobile\",\"IOS\":\"mobile\"}}}}"
                    + " | fields.device.map.IOS: maps the same value twice",
                "{\"fields\":{FIELDS_DEVICE\"device\":{\"column\":\"d\",\"default\":\"tv\"}}} |"
                        + " fields.device.default: \"tv\" is not a device class",
                "{\"fields\":{FIELDS,\"logged_in\":{\"column\":\"l\",\"truthy\":[\"y\"],\"falsy\":[\"Y\"]}}}"
                    + " | fields.logged_in.falsy: \"y\" is also truthy",
                "{\"fields\":{FIELDS,\"logged_in\":{\"column\":\"l\",\"truthy\":[]}}} |"
                        + " fields.logged_in.truthy: must list at least one value",
                "{\"fields\":{FIELDS,\"logged_in\":{\"column\":\"l\",\"truthy\":\"yes\"}}} |"
                        + " fields.logged_in.truthy: must be an array of strings",
                "{\"fields\":{FIELDS,\"user_id\":{\"column\":\"\"}}} | fields.user_id.column: a"
                        + " column name must not be empty",
                "{\"fields\":{FIELDS,\"user_id\":{\"column\":\"u\"},\"user_id\":{\"column\":\"v\"}}}"
                    + " | Duplicate field 'user_id'",
            })
    void namesTheProblemInABadMapping(String json, String message) {
        String full =
                json.replace("FIELDS_TS", FIELDS.replace("\"ts\":{\"column\":\"t\"},", "") + ",")
                        .replace(
                                "FIELDS_DEVICE",
                                FIELDS.replace("\"device\":{\"column\":\"d\"},", "") + ",")
                        .replace("FIELDS", FIELDS);
        assertThatThrownBy(() -> parse(full))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining(
                        message.startsWith("m.json") || message.startsWith("Dup")
                                ? message
                                : "m.json: " + message);
    }

    @Test
    void aColumnMissingFromTheHeaderFailsWhenTheFileIsOpened() {
        CsvMapping mapping = parse("{\"fields\":{" + FIELDS + "}}");
        byte[] csv = "id,t,s,ip,ua,device,a,b\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () ->
                                new CsvClickReader(
                                        "clicks.csv",
                                        new ByteArrayInputStream(csv),
                                        mapping,
                                        ContractReader.defaults()))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage(
                        "m.json: column \"d\" is not in the header of clicks.csv"
                                + " [a, b, device, id, ip, s, t, ua]");
    }

    @Test
    void aDuplicatedHeaderIsAnUnreadableFile() {
        CsvMapping mapping = parse("{\"fields\":{" + FIELDS + "}}");
        byte[] csv = "id,t,s,ip,ua,d,a,b,id\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () ->
                                new CsvClickReader(
                                        "clicks.csv",
                                        new ByteArrayInputStream(csv),
                                        mapping,
                                        ContractReader.defaults()))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("clicks.csv: unreadable CSV header");
    }
}
