import Foundation
import Testing
@testable import IPCaseDomain

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    private func text(_ value: JSONValue) -> String {
        String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
    }

    @Test func sortsKeysAndWritesNoWhitespace() {
        let value = JSONValue.object([
            "b": .number(1), "a": .object(["z": .null, "y": .array([.bool(true), .bool(false)])]), "A": "x", "aa": .array([]),
            "": .object([:]),
        ])
        #expect(text(value) == #"{"":{},"A":"x","a":{"y":[true,false],"z":null},"aa":[],"b":1}"#)
    }

    /// RFC 8785 sorts by UTF-16 code units: U+1F600 (D83D DE00) comes before U+E000, unlike by scalar value.
    @Test func sortsKeysByUTF16CodeUnits() {
        let value = JSONValue.object(["\u{E000}": .number(1), "\u{1F600}": .number(2), "é": .number(3), "z": .number(4)])
        #expect(text(value) == "{\"z\":4,\"é\":3,\"\u{1F600}\":2,\"\u{E000}\":1}")
    }

    @Test func escapesOnlyWhatJSONRequires() {
        let value = JSONValue.string("q\"b\\n\n r\r t\t b\u{08} f\u{0C} one\u{01} us\u{1F} del\u{7F} /é调😀")
        #expect(text(value) == #""q\"b\\n\n r\r t\t b\b f\f one\u0001 us\u001f "# + "del\u{7F} /é调😀\"")
    }

    @Test func keysAreEscapedLikeStrings() {
        #expect(text(.object(["a\"b": .null, "c\nd": .null])) == #"{"a\"b":null,"c\nd":null}"#)
    }

    @Test(arguments: [
        (1.0, "1"), (0.0, "0"), (-0.0, "0"), (-3.0, "-3"), (42.0, "42"), (1e15, "1000000000000000"),
        (9_007_199_254_740_991.0, "9007199254740991"), (-9_007_199_254_740_991.0, "-9007199254740991"), (2.5, "2.5"),
        (-0.125, "-0.125"), (0.1, "0.1"),
    ])
    func writesIntegersWithoutFraction(number: Double, expected: String) {
        #expect(text(.number(number)) == expected)
    }

    @Test func writesTheOtherScalars() {
        #expect(text(.null) == "null")
        #expect(text(.bool(true)) == "true")
        #expect(text(.bool(false)) == "false")
        #expect(text(.string("")) == "\"\"")
        #expect(text(.array([.number(1), .string("a"), .null])) == #"[1,"a",null]"#)
    }

    /// What PostgreSQL hands back, decoded again, encodes to the same bytes.
    @Test func isStableThroughADecodeRoundTrip() throws {
        let value = JSONValue.object([
            "reason": "Late\n\"again\"", "count": .number(3), "ok": .bool(true), "ids": .array(["b", "a"]), "none": .null,
            "nested": .object(["x": .number(2.5), "调": "解"]),
        ])
        let bytes = CanonicalJSON.encode(value)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        #expect(decoded == value)
        #expect(CanonicalJSON.encode(decoded) == bytes)
    }
}
