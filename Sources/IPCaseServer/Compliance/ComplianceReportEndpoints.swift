import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// What an assessment still lacks and how it moved: the gap report as JSON, CSV (`?format=csv`) or a printable
/// page (`text/html`, in the language of `Accept-Language`), and two assessments of one template compared
/// item by item. Whoever reads the assessment reads its reports.
struct ComplianceReportEndpoints: EndpointCollection {
    let dependencies: ComplianceModule
    let assessments: ComplianceAssessmentEndpoints

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/compliance/assessments/{id}/gap-report", access: .action("compliance.assessment.read"), handler: gapReport),
            Endpoint(.get, "/v1/compliance/assessments/{id}/compare/{otherId}", access: .action("compliance.assessment.read"), handler: compare),
        ]
    }

    @Sendable func gapReport(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: ["format"])
        let stored = try await assessments.readable(context)
        let subject = stored.snapshot
        let template = try self.template(of: subject)
        let report = ComplianceGapReport(subject, template: template)
        let format = request.uri.queryParameters["format"].map(String.init)
        let accept = request.headers[.accept] ?? ""
        switch format {
        case "csv"?:
            return report.csv(label: subject.label)
        case "html"?:
            return try await page(report, subject: subject, template: template, request: request, context: context)
        case "json"?:
            return try .json(GapReportRepresentation(report, assessment: subject), headers: [.cacheControl: "no-store"])
        case nil where accept.contains("text/html") && !accept.contains("application/json"):
            return try await page(report, subject: subject, template: template, request: request, context: context)
        case nil where accept.contains("text/csv") && !accept.contains("application/json"):
            return report.csv(label: subject.label)
        case nil:
            return try .json(GapReportRepresentation(report, assessment: subject), headers: [.cacheControl: "no-store"])
        default:
            throw QueryParameters.invalid("format", FieldMessage.oneOf(["json", "csv", "html"]))
        }
    }

    private func page(
        _ report: ComplianceGapReport, subject: ComplianceAssessment, template: ChecklistTemplate, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let organization = try await dependencies.organizations.find(subject.organizationId, logger: context.logger)
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        let html = GapReportPage(
            report: report, assessment: subject, template: template, organizationName: organization?.name ?? subject.creditCode,
            language: language, timeZone: dependencies.policies.loaded.workflows[ComplianceRules.self].timeZone,
            generatedAt: dependencies.clock.now
        ).html
        return HTMLText.page(html, language: language, vary: "Accept, Accept-Language")
    }

    /// Two assessments of one template, item by item; the path's first is the later ("after").
    @Sendable func compare(_ request: Request, context: AppRequestContext) async throws -> Response {
        let after = try await assessments.readable(context)
        let otherId = try context.pathID("otherId")
        guard let before = try await dependencies.assessments.find(otherId, logger: context.logger) else { throw Problem.notFound() }
        try await dependencies.authorizer.require(
            "compliance.assessment.read", on: ComplianceAssessmentEndpoints.entity(before.snapshot),
            readAction: "compliance.assessment.read", request: context)
        guard before.snapshot.templateId == after.snapshot.templateId else {
            throw Problem.validation([
                FieldError("otherId", ComplianceMessage.compareOtherTemplate(before.snapshot.templateId, after.snapshot.templateId)),
            ])
        }
        let comparison = ComplianceComparison(before: before.snapshot, after: after.snapshot)
        return try .json(ComparisonRepresentation(comparison, before: before.snapshot, after: after.snapshot), headers: [.cacheControl: "no-store"])
    }

    /// The template's texts for the report: the loaded template of the assessment's id.
    private func template(of subject: ComplianceAssessment) throws -> ChecklistTemplate {
        guard let template = dependencies.policies.loaded.checklists.first(where: { $0.id == subject.templateId }) else {
            throw Problem.notFound()
        }
        return template
    }
}
