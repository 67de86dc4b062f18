import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// `GET /v1/cases/{id}/agreement`: the mediation agreement (调解协议书) as a printable page, in Chinese (English
/// by `Accept-Language`): the parties, the terms, the performance due day, each signature with its time and the
/// SHA-256 of the text signed, and the SHA-256 of the text as it stands. Whoever may read the case may print it.
struct CaseAgreementPage: EndpointCollection {
    let dependencies: CasesModule

    var endpoints: [Endpoint] {
        [Endpoint(.get, "/v1/cases/{id}/agreement", access: .action("case.read"), handler: page)]
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        let snapshot = stored.snapshot
        guard let agreement = snapshot.agreement else { throw Problem.notFound() }
        let names = try await CaseNames(database: dependencies.database).of(snapshot, logger: context.logger)
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        let zone = dependencies.policies.loaded.caseWorkflow.timeZone
        func t(_ text: LocalizedText) -> String { HTMLText.escape(text.text(in: language)) }
        let e = HTMLText.escape
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let T = AgreementPageText.self
        func party(_ label: LocalizedText, _ party: CaseSnapshot.Party) -> String {
            "<tr><th>\(t(label))</th><td>\(e(party.name))<br>\(t(T.creditCode))：\(e(party.creditCode))</td></tr>"
        }
        var signatures = ""
        for side in PartySide.allCases {
            let label = side == .complainant ? T.complainant : T.respondent
            if let signature = agreement.signatures?[side] {
                signatures += "<tr><th>\(t(label))</th><td>\(e(formatter.string(from: signature.at)))<br>\(t(T.signedText))：<code>\(e(signature.termsSha256))</code></td></tr>\n"
            } else if let at = agreement.signedAt[side] {
                signatures += "<tr><th>\(t(label))</th><td>\(e(formatter.string(from: at)))</td></tr>\n"
            } else {
                signatures += "<tr><th>\(t(label))</th><td>\(t(T.notSigned))</td></tr>\n"
            }
        }
        let hash = agreement.termsSha256 ?? ""
        let html = """
            <!doctype html>
            <html lang="\(language == .en ? "en" : "zh-CN")">
            <head><meta charset="utf-8"><title>\(t(T.title)) \(e(snapshot.number))</title>
            <style>
            body { font-family: "Songti SC", "SimSun", serif; max-width: 48rem; margin: 2rem auto; line-height: 1.7; color: #111; }
            h1 { text-align: center; letter-spacing: .3em; } table { border-collapse: collapse; width: 100%; }
            th { text-align: left; width: 10rem; vertical-align: top; padding: .3rem; } td { padding: .3rem; }
            .terms { white-space: pre-wrap; border: 1px solid #999; padding: 1rem; } code { word-break: break-all; }
            </style></head>
            <body>
            <h1>\(t(T.title))</h1>
            <p>\(t(T.caseNumber))：\(e(snapshot.number)) \(agreement.effectiveOn == nil ? t(T.draft) : "")</p>
            <table>
            \(party(T.complainant, snapshot.complainant))
            \(party(T.respondent, snapshot.respondent))
            <tr><th>\(t(T.mediationBody))</th><td>\(e(names.organizations[snapshot.mediationBodyId] ?? ""))</td></tr>
            <tr><th>\(t(T.mediator))</th><td>\(e(snapshot.mediatorUserId.flatMap { names.users[$0] } ?? ""))</td></tr>
            <tr><th>\(t(T.ipRight))</th><td>\(e(snapshot.ipRight.title)) (\(e(snapshot.ipRight.identifier)))</td></tr>
            </table>
            <h2>\(t(T.terms))</h2>
            <div class="terms">\(e(agreement.terms))</div>
            <table>
            <tr><th>\(t(T.performanceDue))</th><td>\(e(snapshot.performanceDueOn?.description ?? "—"))</td></tr>
            <tr><th>\(t(T.effectiveOn))</th><td>\(e(agreement.effectiveOn?.description ?? "—"))</td></tr>
            <tr><th>\(t(T.textHash))</th><td><code>\(e(hash))</code></td></tr>
            </table>
            <h2>\(t(T.signatures))</h2>
            <table>
            \(signatures)</table>
            </body></html>

            """
        return HTMLText.page(html, language: language)
    }
}
