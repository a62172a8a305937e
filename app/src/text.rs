//! Translated words for domain values (roles, worlds, errors, dates): one
//! place that maps each value to its translation key.

use crate::domain::{
    dates, AbilitySection, AccountEvent, AdjustmentKind, AdjustmentStatus, AdjustmentStep, Category, Comfort,
    ConcernKind, Country, ErrorKey, Limit, LogLine, Milestone, MilestoneState, Operation, PlanGoal, Purpose,
    ReferralMover, ReferralStatus, RequestStatus, Responsible, ReviewOutcome, Role, Stance, StatementKind, StepBy,
    StepLine, Timestamp, World, Zone,
};
use crate::error::AppError;
use crate::i18n::*;
use chrono::NaiveDate;
use leptos_i18n::I18nContext;

pub type I18n = I18nContext<Locale>;

pub fn role_name(i18n: I18n, role: Role) -> String {
    match role {
        Role::Gp => t_string!(i18n, role_gp),
        Role::Psychiatrist => t_string!(i18n, role_psychiatrist),
        Role::Psychologist => t_string!(i18n, role_psychologist),
        Role::MedicalSpecialist => t_string!(i18n, role_medical_specialist),
        Role::OccupationalPhysician => t_string!(i18n, role_occupational_physician),
        Role::OccupationalPhysiotherapist => t_string!(i18n, role_occupational_physiotherapist),
        Role::InsurancePhysician => t_string!(i18n, role_insurance_physician),
        Role::Employer => t_string!(i18n, role_employer),
    }
    .to_string()
}

pub fn role_does(i18n: I18n, role: Role) -> String {
    match role {
        Role::Gp => t_string!(i18n, does_gp),
        Role::Psychiatrist => t_string!(i18n, does_psychiatrist),
        Role::Psychologist => t_string!(i18n, does_psychologist),
        Role::MedicalSpecialist => t_string!(i18n, does_medical_specialist),
        Role::OccupationalPhysician => t_string!(i18n, does_occupational_physician),
        Role::OccupationalPhysiotherapist => t_string!(i18n, does_occupational_physiotherapist),
        Role::InsurancePhysician => t_string!(i18n, does_insurance_physician),
        Role::Employer => t_string!(i18n, does_employer),
    }
    .to_string()
}

pub fn world_name(i18n: I18n, world: World) -> String {
    match world {
        World::CurativeCare => t_string!(i18n, world_curative_care),
        World::WorkFocusedCare => t_string!(i18n, world_work_focused_care),
        World::Workplace => t_string!(i18n, world_workplace),
    }
    .to_string()
}

pub fn error_key(i18n: I18n, key: ErrorKey) -> String {
    match key {
        ErrorKey::Required => t_string!(i18n, err_required).to_string(),
        ErrorKey::TooLong { max } => t_string!(i18n, err_too_long, max).to_string(),
        ErrorKey::EmailInvalid => t_string!(i18n, err_email_invalid).to_string(),
        ErrorKey::PhoneInvalid => t_string!(i18n, err_phone_invalid).to_string(),
        ErrorKey::RoleUnknown => t_string!(i18n, err_role_unknown).to_string(),
        ErrorKey::DateInvalid => t_string!(i18n, err_date_invalid).to_string(),
        ErrorKey::ReturnBeforeStart => t_string!(i18n, err_return_before_start).to_string(),
        ErrorKey::DateTooFar => t_string!(i18n, err_date_too_far).to_string(),
        ErrorKey::CodeInvalid => t_string!(i18n, err_code_invalid).to_string(),
        ErrorKey::CodeFormat => t_string!(i18n, err_code_format).to_string(),
        ErrorKey::ParticipantUnknown => t_string!(i18n, err_participant_unknown).to_string(),
        ErrorKey::ParticipantRemoved => t_string!(i18n, err_participant_removed).to_string(),
        ErrorKey::AlreadyInTeam => t_string!(i18n, err_already_in_team).to_string(),
        ErrorKey::CategoryUnknown => t_string!(i18n, err_category_unknown).to_string(),
        ErrorKey::CategoryRequired => t_string!(i18n, err_category_required).to_string(),
        ErrorKey::PurposeUnknown => t_string!(i18n, err_purpose_unknown).to_string(),
        ErrorKey::GrantEndsBeforeStart => t_string!(i18n, err_grant_ends_before_start).to_string(),
        ErrorKey::GrantTooLong { years } => t_string!(i18n, err_grant_too_long, years).to_string(),
        ErrorKey::EmployerCeiling => t_string!(i18n, err_employer_ceiling).to_string(),
        ErrorKey::NotGranted => t_string!(i18n, err_not_granted).to_string(),
        ErrorKey::DatesOutOfOrder => t_string!(i18n, err_dates_out_of_order).to_string(),
        ErrorKey::ReviewBeforeStart => t_string!(i18n, err_review_before_start).to_string(),
        ErrorKey::AdjustmentKindUnknown => t_string!(i18n, err_adjustment_kind_unknown).to_string(),
        ErrorKey::ConcernKindUnknown => t_string!(i18n, err_concern_kind_unknown).to_string(),
        ErrorKey::WeightUnknown => t_string!(i18n, err_weight_unknown).to_string(),
        ErrorKey::ComfortUnknown => t_string!(i18n, err_comfort_unknown).to_string(),
        ErrorKey::StepNotAllowed => t_string!(i18n, err_step_not_allowed).to_string(),
        ErrorKey::CaseClosed => t_string!(i18n, err_case_closed).to_string(),
        ErrorKey::ErasurePending => t_string!(i18n, err_erasure_pending).to_string(),
        ErrorKey::ConfirmErasure => t_string!(i18n, err_confirm_erasure).to_string(),
        ErrorKey::PasskeysUnavailable => t_string!(i18n, err_passkeys_unavailable).to_string(),
        ErrorKey::PasskeyFailed => t_string!(i18n, err_passkey_failed).to_string(),
        ErrorKey::PasskeyFirst => t_string!(i18n, err_passkey_first).to_string(),
        ErrorKey::ProviderNoVerifiedEmail => t_string!(i18n, err_provider_no_email).to_string(),
        ErrorKey::ProviderLinkedElsewhere => t_string!(i18n, err_provider_linked_elsewhere).to_string(),
        ErrorKey::JoinCodeInvalid => t_string!(i18n, err_join_code_invalid).to_string(),
        ErrorKey::JoinAnswered => t_string!(i18n, err_join_answered).to_string(),
        ErrorKey::RecipientRequired => t_string!(i18n, err_recipient_required).to_string(),
        ErrorKey::ConcernNotForEmployer => t_string!(i18n, err_concern_not_for_employer).to_string(),
        ErrorKey::ReferralNotToEmployer => t_string!(i18n, err_referral_not_to_employer).to_string(),
        ErrorKey::NarrowOnly => t_string!(i18n, err_narrow_only).to_string(),
        ErrorKey::DateInPast => t_string!(i18n, err_date_in_past).to_string(),
        ErrorKey::ReferralAlreadyOpen => t_string!(i18n, err_referral_already_open).to_string(),
        ErrorKey::ReferralNotPossible => t_string!(i18n, err_referral_not_possible).to_string(),
        ErrorKey::LinkForSomeoneElse => t_string!(i18n, err_link_for_someone_else).to_string(),
        ErrorKey::MentalHealthMarkNotOffered => t_string!(i18n, err_mental_health_mark_not_offered).to_string(),
        ErrorKey::StatementKindUnknown => t_string!(i18n, err_statement_kind_unknown).to_string(),
        ErrorKey::LimitUnknown => t_string!(i18n, err_limit_unknown).to_string(),
        ErrorKey::NumberOutOfRange { max } => t_string!(i18n, err_number_out_of_range, max).to_string(),
        ErrorKey::CodeIcd10 => t_string!(i18n, err_code_icd10).to_string(),
        ErrorKey::StanceUnknown => t_string!(i18n, err_stance_unknown).to_string(),
        ErrorKey::GoalUnknown => t_string!(i18n, err_goal_unknown).to_string(),
        ErrorKey::StartInFuture => t_string!(i18n, err_start_in_future).to_string(),
        ErrorKey::DoneBeforeStart => t_string!(i18n, err_done_before_start).to_string(),
        ErrorKey::DateInFuture => t_string!(i18n, err_date_in_future).to_string(),
        ErrorKey::MilestoneUnknown => t_string!(i18n, err_milestone_unknown).to_string(),
        ErrorKey::PlanChanged => t_string!(i18n, err_plan_changed).to_string(),
        ErrorKey::NoEmployer => t_string!(i18n, err_no_employer).to_string(),
        ErrorKey::AdjustmentNotLinkable => t_string!(i18n, err_adjustment_not_linkable).to_string(),
        ErrorKey::CountryUnknown => t_string!(i18n, err_country_unknown).to_string(),
        ErrorKey::NoPlan => t_string!(i18n, err_no_plan).to_string(),
        ErrorKey::DateNotAhead => t_string!(i18n, err_date_not_ahead).to_string(),
        ErrorKey::ReferralSharingEnded => t_string!(i18n, err_referral_sharing_ended).to_string(),
    }
}

pub fn category_name(i18n: I18n, c: Category) -> String {
    match c {
        Category::Absence => t_string!(i18n, cat_absence),
        Category::WorkAbility => t_string!(i18n, cat_work_ability),
        Category::Adjustments => t_string!(i18n, cat_adjustments),
        Category::Treatment => t_string!(i18n, cat_treatment),
        Category::Diagnosis => t_string!(i18n, cat_diagnosis),
        Category::Stigma => t_string!(i18n, cat_stigma),
        Category::Notes => t_string!(i18n, cat_notes),
    }
    .to_string()
}

pub fn category_about(i18n: I18n, c: Category) -> String {
    match c {
        Category::Absence => t_string!(i18n, catd_absence),
        Category::WorkAbility => t_string!(i18n, catd_work_ability),
        Category::Adjustments => t_string!(i18n, catd_adjustments),
        Category::Treatment => t_string!(i18n, catd_treatment),
        Category::Diagnosis => t_string!(i18n, catd_diagnosis),
        Category::Stigma => t_string!(i18n, catd_stigma),
        Category::Notes => t_string!(i18n, catd_notes),
    }
    .to_string()
}

/// Category names as one list, e.g. "Absence, Work ability".
pub fn category_list(i18n: I18n, cats: &[Category]) -> String {
    cats.iter().map(|c| category_name(i18n, *c)).collect::<Vec<_>>().join(", ")
}

pub fn purpose_name(i18n: I18n, p: Purpose) -> String {
    match p {
        Purpose::RtwPlanning => t_string!(i18n, purpose_rtw_planning),
        Purpose::Referral => t_string!(i18n, purpose_referral),
        Purpose::WorkCapacityAssessment => t_string!(i18n, purpose_work_capacity_assessment),
        Purpose::CareCoordination => t_string!(i18n, purpose_care_coordination),
    }
    .to_string()
}

/// A purpose inside a sentence, with its own preposition ("for a referral",
/// "om uw zorg af te stemmen", "lähetettä varten"), so that every language
/// builds the phrase its own way: `shared_for` and the like add nothing.
pub fn purpose_for(i18n: I18n, p: Purpose) -> String {
    match p {
        Purpose::RtwPlanning => t_string!(i18n, purpose_for_rtw_planning),
        Purpose::Referral => t_string!(i18n, purpose_for_referral),
        Purpose::WorkCapacityAssessment => t_string!(i18n, purpose_for_work_capacity_assessment),
        Purpose::CareCoordination => t_string!(i18n, purpose_for_care_coordination),
    }
    .to_string()
}

/// "until 24 May 2027" or "until you stop it".
pub fn period(i18n: I18n, until: Option<NaiveDate>) -> String {
    match until {
        Some(d) => {
            let date = date(i18n, d);
            t_string!(i18n, until_date, date).to_string()
        }
        None => t_string!(i18n, until_stopped).to_string(),
    }
}

/// A moment as the reader's clock shows it, the zone named, e.g.
/// "24 November 2026, 11:05 (Helsinki time)": in the zone they chose (or
/// their browser reported), else the one their language suggests.
pub fn moment(i18n: I18n, at: Timestamp) -> String {
    let zone = reader_zone(i18n);
    match zone.local(at) {
        Some(t) => {
            let time = format!("{}, {}", date(i18n, t.date()), t.format("%H:%M"));
            t_string!(i18n, time_in_zone, time, city = zone.city()).to_string()
        }
        None => String::new(),
    }
}

/// The zone the reader reads times in (`moment`): theirs, or their language's.
pub fn reader_zone(i18n: I18n) -> Zone {
    // Only the server renders times; a browser has no cookie to read here.
    #[cfg(feature = "ssr")]
    if let Some(chosen) = crate::api::context::reader_zone() {
        return chosen;
    }
    Zone::for_language(lang(i18n))
}

/// What an access-log row says happened, in words: one sentence for every
/// operation, so the worker reads exactly what was done.
pub fn action(i18n: I18n, line: &LogLine) -> String {
    let name = line.about.clone().unwrap_or_default();
    match line.action {
        Operation::ViewShared => t_string!(i18n, act_view_case).to_string(),
        Operation::ViewCategory => {
            let category = line.category.map(|c| category_name(i18n, c)).unwrap_or_default();
            t_string!(i18n, act_view_category, category).to_string()
        }
        Operation::ReadCase => t_string!(i18n, act_read_case).to_string(),
        Operation::StartCase => t_string!(i18n, act_start_case).to_string(),
        Operation::ChangeDates => t_string!(i18n, act_change_dates).to_string(),
        Operation::AddParticipant => t_string!(i18n, act_add_participant).to_string(),
        Operation::ChangeContact => t_string!(i18n, act_change_contact, name).to_string(),
        Operation::RemoveParticipant => t_string!(i18n, act_remove_participant, name).to_string(),
        Operation::SetCoordinator => t_string!(i18n, act_set_coordinator).to_string(),
        Operation::CloseCase => t_string!(i18n, act_close_case).to_string(),
        Operation::ReopenCase => t_string!(i18n, act_reopen_case).to_string(),
        Operation::Preview => t_string!(i18n, act_preview, name).to_string(),
        Operation::Grant => t_string!(i18n, act_grant, name).to_string(),
        Operation::Revoke => t_string!(i18n, act_revoke, name).to_string(),
        Operation::SetProtection => t_string!(i18n, act_set_protection).to_string(),
        Operation::MarkMentalHealthCare => t_string!(i18n, act_mark_mental_health_care, name).to_string(),
        Operation::ReadAccessLog => t_string!(i18n, act_read_access_log).to_string(),
        Operation::ExportRecord => t_string!(i18n, act_export_record).to_string(),
        Operation::AskErasure => t_string!(i18n, act_ask_erasure).to_string(),
        Operation::CancelErasure => t_string!(i18n, act_cancel_erasure).to_string(),
        Operation::EraseCase => t_string!(i18n, act_erase_case).to_string(),
        Operation::ReadPassport => t_string!(i18n, act_read_passport).to_string(),
        Operation::SharePassport => t_string!(i18n, act_share_passport).to_string(),
        Operation::RevokePassport => t_string!(i18n, act_revoke_passport).to_string(),
        Operation::ViewPassport => t_string!(i18n, act_view_passport).to_string(),
        Operation::ShowJoinCode => t_string!(i18n, act_show_join_code).to_string(),
        Operation::ReadJoinCodes => t_string!(i18n, act_read_join_codes).to_string(),
        Operation::EnterJoinCode => t_string!(i18n, act_enter_join_code).to_string(),
        Operation::AnswerJoin => t_string!(i18n, act_answer_join).to_string(),
        Operation::ReadHistory => t_string!(i18n, act_read_history).to_string(),
        Operation::SeeInvitation => t_string!(i18n, act_see_invitation).to_string(),
        Operation::ViewConcern => t_string!(i18n, act_view_concern).to_string(),
        Operation::ReadWork => t_string!(i18n, act_read_work).to_string(),
        Operation::WriteAdjustment => t_string!(i18n, act_write_adjustment).to_string(),
        Operation::SendAdjustment => t_string!(i18n, act_send_adjustment).to_string(),
        Operation::ConfirmAdjustment => t_string!(i18n, act_confirm_adjustment).to_string(),
        Operation::AnswerAdjustment => t_string!(i18n, act_answer_adjustment).to_string(),
        Operation::MarkInPlace => t_string!(i18n, act_mark_in_place).to_string(),
        Operation::RecordAgreement => t_string!(i18n, act_record_agreement).to_string(),
        Operation::EndAdjustment => t_string!(i18n, act_end_adjustment).to_string(),
        Operation::ReviewAdjustment => t_string!(i18n, act_review_adjustment).to_string(),
        Operation::DeleteDraft => t_string!(i18n, act_delete_draft).to_string(),
        Operation::DeleteConcern => t_string!(i18n, act_delete_concern).to_string(),
        Operation::RenewReferral => t_string!(i18n, act_renew_referral).to_string(),
        Operation::LapseRequest => t_string!(i18n, act_lapse_request).to_string(),
        Operation::ReadConcerns => t_string!(i18n, act_read_concerns).to_string(),
        Operation::WriteConcern => t_string!(i18n, act_write_concern).to_string(),
        Operation::ShareConcern => t_string!(i18n, act_share_concern).to_string(),
        Operation::SetDisclosurePlan => t_string!(i18n, act_set_disclosure_plan).to_string(),
        Operation::RemindReview => t_string!(i18n, act_remind_review).to_string(),
        Operation::Refer => t_string!(i18n, act_refer).to_string(),
        Operation::ReadReferrals | Operation::SeeReferrals => t_string!(i18n, act_read_referrals).to_string(),
        Operation::AnswerReferral => t_string!(i18n, act_answer_referral).to_string(),
        Operation::TakeReferral => t_string!(i18n, act_take_referral).to_string(),
        Operation::OpenReferralLink => t_string!(i18n, act_open_referral_link).to_string(),
        Operation::RequestInformation => t_string!(i18n, act_request_information).to_string(),
        Operation::ReadRequests | Operation::SeeRequests => t_string!(i18n, act_read_requests).to_string(),
        Operation::AnswerRequest => t_string!(i18n, act_answer_request).to_string(),
        Operation::ReadDirectory => t_string!(i18n, act_read_directory, name).to_string(),
        Operation::SetDirectory => t_string!(i18n, act_set_directory, name).to_string(),
        Operation::FollowCase => t_string!(i18n, act_follow_case).to_string(),
        Operation::WriteNote => t_string!(i18n, act_write_note).to_string(),
        Operation::ReadNotes => t_string!(i18n, act_read_notes).to_string(),
        Operation::WriteWorkAbility => t_string!(i18n, act_write_work_ability).to_string(),
        Operation::WriteTreatment => t_string!(i18n, act_write_treatment).to_string(),
        Operation::WriteDiagnosis => t_string!(i18n, act_write_diagnosis).to_string(),
        Operation::ReadStatements => t_string!(i18n, act_read_statements).to_string(),
        Operation::AddOwnView => t_string!(i18n, act_add_own_view).to_string(),
        Operation::AdoptAdvice => t_string!(i18n, act_adopt_advice).to_string(),
        Operation::ReadOwnStatements => t_string!(i18n, act_read_own_statements).to_string(),
        Operation::ReadTimeline => t_string!(i18n, act_read_timeline).to_string(),
        Operation::MarkMilestone => t_string!(i18n, act_mark_milestone).to_string(),
        Operation::RemindMilestone => t_string!(i18n, act_remind_milestone).to_string(),
        Operation::RecomputeTimeline => t_string!(i18n, act_recompute_timeline).to_string(),
        Operation::ReadPlan => t_string!(i18n, act_read_plan).to_string(),
        Operation::WritePlan => t_string!(i18n, act_write_plan).to_string(),
        Operation::AgreePlan => t_string!(i18n, act_agree_plan).to_string(),
        Operation::EvaluatePlan => t_string!(i18n, act_evaluate_plan).to_string(),
    }
}

pub fn request_status(i18n: I18n, s: RequestStatus) -> String {
    match s {
        RequestStatus::Pending => t_string!(i18n, request_status_pending),
        RequestStatus::Approved => t_string!(i18n, request_status_approved),
        RequestStatus::Declined => t_string!(i18n, request_status_declined),
        RequestStatus::Expired => t_string!(i18n, request_status_expired),
    }
    .to_string()
}

pub fn referral_status(i18n: I18n, s: ReferralStatus) -> String {
    match s {
        ReferralStatus::AwaitingWorker => t_string!(i18n, referral_status_awaiting_worker),
        ReferralStatus::Sent => t_string!(i18n, referral_status_sent),
        ReferralStatus::Opened => t_string!(i18n, referral_status_opened),
        ReferralStatus::Accepted => t_string!(i18n, referral_status_accepted),
        ReferralStatus::Declined => t_string!(i18n, referral_status_declined),
        ReferralStatus::Expired => t_string!(i18n, referral_status_expired),
    }
    .to_string()
}

/// One line of a referral's timeline as a whole sentence: who did what, for
/// a reader who is (`worker`) or is not the worker ("You declined it",
/// "Hylkäsit lähetteen"). A move the services never write reads as its
/// status alone.
pub fn referral_event(i18n: I18n, status: ReferralStatus, by: ReferralMover, worker: bool) -> String {
    use ReferralMover as M;
    use ReferralStatus as S;
    match (status, by) {
        (S::AwaitingWorker, M::Worker) if worker => t_string!(i18n, referral_event_asked_by_you),
        (S::AwaitingWorker, M::Worker) => t_string!(i18n, referral_event_asked_by_worker),
        (S::AwaitingWorker, M::Referrer) => t_string!(i18n, referral_event_proposed),
        (S::Sent, M::Worker) if worker => t_string!(i18n, referral_event_sent_by_you),
        (S::Sent, M::Worker) => t_string!(i18n, referral_event_sent_by_worker),
        (S::Opened, M::Recipient) => t_string!(i18n, referral_event_opened),
        (S::Accepted, M::Recipient) => t_string!(i18n, referral_event_accepted),
        (S::Declined, M::Worker) if worker => t_string!(i18n, referral_event_declined_by_you),
        (S::Declined, M::Worker) => t_string!(i18n, referral_event_declined_by_worker),
        (S::Declined, M::Recipient) => t_string!(i18n, referral_event_declined_by_recipient),
        (S::Expired, M::Portal) => t_string!(i18n, referral_event_expired),
        _ => return referral_status(i18n, status),
    }
    .to_string()
}

pub fn adjustment_kind(i18n: I18n, k: AdjustmentKind) -> String {
    match k {
        AdjustmentKind::PhasedReturn => t_string!(i18n, adj_phased_return),
        AdjustmentKind::AlteredHours => t_string!(i18n, adj_altered_hours),
        AdjustmentKind::AmendedDuties => t_string!(i18n, adj_amended_duties),
        AdjustmentKind::WorkplaceAdaptations => t_string!(i18n, adj_workplace_adaptations),
        AdjustmentKind::RemoteWork => t_string!(i18n, adj_remote_work),
        AdjustmentKind::FlexibleBreaks => t_string!(i18n, adj_flexible_breaks),
        AdjustmentKind::QuietWorkspace => t_string!(i18n, adj_quiet_workspace),
        AdjustmentKind::SupervisorCheckins => t_string!(i18n, adj_supervisor_checkins),
        AdjustmentKind::WrittenInstructions => t_string!(i18n, adj_written_instructions),
        AdjustmentKind::Other => t_string!(i18n, adj_other),
    }
    .to_string()
}

pub fn adjustment_status(i18n: I18n, s: AdjustmentStatus) -> String {
    match s {
        AdjustmentStatus::Draft => t_string!(i18n, status_draft),
        AdjustmentStatus::Proposed => t_string!(i18n, status_proposed),
        AdjustmentStatus::Agreed => t_string!(i18n, status_agreed),
        AdjustmentStatus::InPlace => t_string!(i18n, status_in_place),
        AdjustmentStatus::Ended => t_string!(i18n, status_ended),
        AdjustmentStatus::Declined => t_string!(i18n, status_declined),
    }
    .to_string()
}

/// One line of an adjustment's history: who did what. The worker's own
/// steps are whole sentences to them ("You sent it", "Lähetit"): a verb
/// agrees with "you" in Finnish, so "You" is never a name before a colon.
pub fn step_line(i18n: I18n, line: &StepLine) -> String {
    // A review's outcome and its next date, as both readers' lines say them.
    let review = || {
        let (outcome, next) = line.review.unwrap_or((ReviewOutcome::Kept, NaiveDate::MIN));
        (outcome, date(i18n, next))
    };
    let StepBy::Participant { name, role } = &line.by else {
        return match line.step {
            AdjustmentStep::Written => t_string!(i18n, step_written_you),
            AdjustmentStep::Sent => t_string!(i18n, step_sent_you),
            AdjustmentStep::Agreed => t_string!(i18n, step_agreed_you),
            AdjustmentStep::Declined => t_string!(i18n, step_declined_you),
            AdjustmentStep::Recorded => t_string!(i18n, step_recorded_you),
            AdjustmentStep::Confirmed => t_string!(i18n, step_confirmed_you),
            AdjustmentStep::InPlace => t_string!(i18n, step_in_place_you),
            AdjustmentStep::Ended => t_string!(i18n, step_ended_you),
            AdjustmentStep::Reviewed => {
                let (outcome, next) = review();
                return match outcome {
                    ReviewOutcome::Kept => t_string!(i18n, step_reviewed_kept_you, next).to_string(),
                    ReviewOutcome::Changed => t_string!(i18n, step_reviewed_changed_you, next).to_string(),
                };
            }
        }
        .to_string();
    };
    let who = format!("{name} ({})", role_name(i18n, *role));
    match line.step {
        AdjustmentStep::Written => t_string!(i18n, step_written, who),
        AdjustmentStep::Sent => t_string!(i18n, step_sent, who),
        AdjustmentStep::Agreed => t_string!(i18n, step_agreed, who),
        AdjustmentStep::Declined => t_string!(i18n, step_declined, who),
        AdjustmentStep::Recorded => t_string!(i18n, step_recorded, who),
        AdjustmentStep::Confirmed => t_string!(i18n, step_confirmed, who),
        AdjustmentStep::InPlace => t_string!(i18n, step_in_place, who),
        AdjustmentStep::Ended => t_string!(i18n, step_ended, who),
        AdjustmentStep::Reviewed => {
            let (outcome, next) = review();
            return match outcome {
                ReviewOutcome::Kept => t_string!(i18n, step_reviewed_kept, who, next).to_string(),
                ReviewOutcome::Changed => t_string!(i18n, step_reviewed_changed, who, next).to_string(),
            };
        }
    }
    .to_string()
}

/// What an entry is: "Work-ability statement", "Treatment plan", "Diagnosis".
pub fn statement_kind(i18n: I18n, k: StatementKind) -> String {
    match k {
        StatementKind::WorkAbility => t_string!(i18n, st_kind_work_ability),
        StatementKind::Treatment => t_string!(i18n, st_kind_treatment),
        StatementKind::Diagnosis => t_string!(i18n, st_kind_diagnosis),
    }
    .to_string()
}

/// The sections of the Functional Abilities List, as its users name them.
pub fn ability_section(i18n: I18n, s: AbilitySection) -> String {
    match s {
        AbilitySection::Personal => t_string!(i18n, fml_personal),
        AbilitySection::Social => t_string!(i18n, fml_social),
        AbilitySection::Environment => t_string!(i18n, fml_environment),
        AbilitySection::Dynamic => t_string!(i18n, fml_dynamic),
        AbilitySection::Postures => t_string!(i18n, fml_postures),
        AbilitySection::Hours => t_string!(i18n, fml_hours),
    }
    .to_string()
}

/// What a section covers, as a hint on the form.
pub fn ability_section_about(i18n: I18n, s: AbilitySection) -> String {
    match s {
        AbilitySection::Personal => t_string!(i18n, fmld_personal),
        AbilitySection::Social => t_string!(i18n, fmld_social),
        AbilitySection::Environment => t_string!(i18n, fmld_environment),
        AbilitySection::Dynamic => t_string!(i18n, fmld_dynamic),
        AbilitySection::Postures => t_string!(i18n, fmld_postures),
        AbilitySection::Hours => t_string!(i18n, fmld_hours),
    }
    .to_string()
}

pub fn limit(i18n: I18n, l: Limit) -> String {
    match l {
        Limit::None => t_string!(i18n, limit_none),
        Limit::Slight => t_string!(i18n, limit_slight),
        Limit::Considerable => t_string!(i18n, limit_considerable),
        Limit::Full => t_string!(i18n, limit_full),
    }
    .to_string()
}

pub fn stance(i18n: I18n, s: Stance) -> String {
    match s {
        Stance::Agree => t_string!(i18n, stance_agree),
        Stance::Partly => t_string!(i18n, stance_partly),
        Stance::Disagree => t_string!(i18n, stance_disagree),
    }
    .to_string()
}

pub fn plan_goal(i18n: I18n, g: PlanGoal) -> String {
    match g {
        PlanGoal::OwnWork => t_string!(i18n, goal_own_work),
        PlanGoal::OwnWorkAdapted => t_string!(i18n, goal_own_work_adapted),
        PlanGoal::OtherWork => t_string!(i18n, goal_other_work),
        PlanGoal::OtherEmployer => t_string!(i18n, goal_other_employer),
    }
    .to_string()
}

pub fn milestone_state(i18n: I18n, s: MilestoneState) -> String {
    match s {
        MilestoneState::Done => t_string!(i18n, ms_done),
        MilestoneState::Overdue => t_string!(i18n, ms_overdue),
        MilestoneState::DueSoon => t_string!(i18n, ms_due_soon),
        MilestoneState::Upcoming => t_string!(i18n, ms_upcoming),
        MilestoneState::DatePassed => t_string!(i18n, ms_date_passed),
    }
    .to_string()
}

pub fn concern_kind(i18n: I18n, k: ConcernKind) -> String {
    match k {
        ConcernKind::SelfStigma => t_string!(i18n, concern_self_stigma),
        ConcernKind::SupervisorAttitude => t_string!(i18n, concern_supervisor_attitude),
        ConcernKind::CoworkerReactions => t_string!(i18n, concern_coworker_reactions),
        ConcernKind::Disclosure => t_string!(i18n, concern_disclosure),
        ConcernKind::CareerConsequences => t_string!(i18n, concern_career_consequences),
        ConcernKind::Other => t_string!(i18n, concern_other),
    }
    .to_string()
}

pub fn comfort(i18n: I18n, c: Comfort) -> String {
    match c {
        Comfort::Nothing => t_string!(i18n, comfort_nothing),
        Comfort::SickLeave => t_string!(i18n, comfort_sick_leave),
        Comfort::WorkAffected => t_string!(i18n, comfort_work_affected),
        Comfort::Diagnosis => t_string!(i18n, comfort_diagnosis),
    }
    .to_string()
}

/// How much a concern weighs, in words (1 to 5), never as a score.
pub fn weight(i18n: I18n, w: u8) -> String {
    match w {
        1 => t_string!(i18n, weight_1),
        2 => t_string!(i18n, weight_2),
        3 => t_string!(i18n, weight_3),
        4 => t_string!(i18n, weight_4),
        _ => t_string!(i18n, weight_5),
    }
    .to_string()
}

/// Whose law sets the road back: "Finland".
pub fn country_name(i18n: I18n, c: Country) -> String {
    match c {
        Country::Netherlands => t_string!(i18n, tl_country_nl),
        Country::Finland => t_string!(i18n, tl_country_fi),
    }
    .to_string()
}

/// A step of the road back, short: "Plan of action".
pub fn milestone_name(i18n: I18n, m: Milestone) -> String {
    match m {
        Milestone::NlSickReport => t_string!(i18n, tl_nl_sick_report_name),
        Milestone::NlProblemAnalysis => t_string!(i18n, tl_nl_problem_analysis_name),
        Milestone::NlPlanOfAction => t_string!(i18n, tl_nl_plan_of_action_name),
        Milestone::NlUwvReport => t_string!(i18n, tl_nl_uwv_report_name),
        Milestone::NlFirstYearEvaluation => t_string!(i18n, tl_nl_first_year_evaluation_name),
        Milestone::NlReintegrationReport => t_string!(i18n, tl_nl_reintegration_report_name),
        Milestone::NlWiaApplication => t_string!(i18n, tl_nl_wia_application_name),
        Milestone::NlWagePaymentEnds => t_string!(i18n, tl_nl_wage_payment_ends_name),
        Milestone::FiTellOccupationalHealth => t_string!(i18n, tl_fi_tell_occupational_health_name),
        Milestone::FiKelaApplication => t_string!(i18n, tl_fi_kela_application_name),
        Milestone::FiWorkAbilityStatement => t_string!(i18n, tl_fi_work_ability_statement_name),
        Milestone::FiRehabilitation150 => t_string!(i18n, tl_fi_rehabilitation_150_name),
        Milestone::FiRehabilitation230 => t_string!(i18n, tl_fi_rehabilitation_230_name),
        Milestone::FiAllowanceEnds => t_string!(i18n, tl_fi_allowance_ends_name),
    }
    .to_string()
}

/// What "done" means for a step, in one short sentence.
pub fn milestone_done_means(i18n: I18n, m: Milestone) -> String {
    match m {
        Milestone::NlSickReport => t_string!(i18n, tl_nl_sick_report_done),
        Milestone::NlProblemAnalysis => t_string!(i18n, tl_nl_problem_analysis_done),
        Milestone::NlPlanOfAction => t_string!(i18n, tl_nl_plan_of_action_done),
        Milestone::NlUwvReport => t_string!(i18n, tl_nl_uwv_report_done),
        Milestone::NlFirstYearEvaluation => t_string!(i18n, tl_nl_first_year_evaluation_done),
        Milestone::NlReintegrationReport => t_string!(i18n, tl_nl_reintegration_report_done),
        Milestone::NlWiaApplication => t_string!(i18n, tl_nl_wia_application_done),
        Milestone::NlWagePaymentEnds => t_string!(i18n, tl_nl_wage_payment_ends_done),
        Milestone::FiTellOccupationalHealth => t_string!(i18n, tl_fi_tell_occupational_health_done),
        Milestone::FiKelaApplication => t_string!(i18n, tl_fi_kela_application_done),
        Milestone::FiWorkAbilityStatement => t_string!(i18n, tl_fi_work_ability_statement_done),
        Milestone::FiRehabilitation150 => t_string!(i18n, tl_fi_rehabilitation_150_done),
        Milestone::FiRehabilitation230 => t_string!(i18n, tl_fi_rehabilitation_230_done),
        Milestone::FiAllowanceEnds => t_string!(i18n, tl_fi_allowance_ends_done),
    }
    .to_string()
}

/// What the worker should know about a step, one plain sentence to them.
pub fn milestone_for_worker(i18n: I18n, m: Milestone) -> String {
    match m {
        Milestone::NlSickReport => t_string!(i18n, tl_nl_sick_report_worker),
        Milestone::NlProblemAnalysis => t_string!(i18n, tl_nl_problem_analysis_worker),
        Milestone::NlPlanOfAction => t_string!(i18n, tl_nl_plan_of_action_worker),
        Milestone::NlUwvReport => t_string!(i18n, tl_nl_uwv_report_worker),
        Milestone::NlFirstYearEvaluation => t_string!(i18n, tl_nl_first_year_evaluation_worker),
        Milestone::NlReintegrationReport => t_string!(i18n, tl_nl_reintegration_report_worker),
        Milestone::NlWiaApplication => t_string!(i18n, tl_nl_wia_application_worker),
        Milestone::NlWagePaymentEnds => t_string!(i18n, tl_nl_wage_payment_ends_worker),
        Milestone::FiTellOccupationalHealth => t_string!(i18n, tl_fi_tell_occupational_health_worker),
        Milestone::FiKelaApplication => t_string!(i18n, tl_fi_kela_application_worker),
        Milestone::FiWorkAbilityStatement => t_string!(i18n, tl_fi_work_ability_statement_worker),
        Milestone::FiRehabilitation150 => t_string!(i18n, tl_fi_rehabilitation_150_worker),
        Milestone::FiRehabilitation230 => t_string!(i18n, tl_fi_rehabilitation_230_worker),
        Milestone::FiAllowanceEnds => t_string!(i18n, tl_fi_allowance_ends_worker),
    }
    .to_string()
}

/// Who sees to a step, as the worker reads it: "Your employer".
pub fn responsible_name(i18n: I18n, r: Responsible) -> String {
    match r {
        Responsible::Worker => t_string!(i18n, tl_resp_worker),
        Responsible::Employer => t_string!(i18n, tl_resp_employer),
        Responsible::OccupationalPhysician => t_string!(i18n, tl_resp_occupational_physician),
        Responsible::InsurancePhysician => t_string!(i18n, tl_resp_insurance_physician),
        Responsible::Coordinator => t_string!(i18n, tl_resp_coordinator),
    }
    .to_string()
}

/// The message for an error that is not about one field.
pub fn app_error(i18n: I18n, e: &AppError) -> String {
    match e {
        AppError::Invalid(_) => String::new(),
        AppError::BadRequest => t_string!(i18n, err_bad_request).to_string(),
        AppError::NotFound => t_string!(i18n, err_not_found).to_string(),
        AppError::SignInRequired => t_string!(i18n, err_sign_in_required).to_string(),
        AppError::PasskeyRequired => t_string!(i18n, err_passkey_required).to_string(),
        AppError::TooManyRequests => t_string!(i18n, err_too_many).to_string(),
        AppError::Conflict => t_string!(i18n, err_conflict).to_string(),
        AppError::Offline => t_string!(i18n, err_offline).to_string(),
        AppError::Unavailable => t_string!(i18n, err_unavailable).to_string(),
    }
}

pub fn date(i18n: I18n, d: NaiveDate) -> String {
    let months = [
        t_string!(i18n, month_1).to_string(),
        t_string!(i18n, month_2).to_string(),
        t_string!(i18n, month_3).to_string(),
        t_string!(i18n, month_4).to_string(),
        t_string!(i18n, month_5).to_string(),
        t_string!(i18n, month_6).to_string(),
        t_string!(i18n, month_7).to_string(),
        t_string!(i18n, month_8).to_string(),
        t_string!(i18n, month_9).to_string(),
        t_string!(i18n, month_10).to_string(),
        t_string!(i18n, month_11).to_string(),
        t_string!(i18n, month_12).to_string(),
    ];
    let names: [&str; 12] = std::array::from_fn(|i| months[i].as_str());
    dates::format_date(lang(i18n), d, &names)
}

pub fn lang(i18n: I18n) -> &'static str {
    match i18n.get_locale() {
        Locale::en => "en",
        Locale::fi => "fi",
        Locale::nl => "nl",
    }
}

/// A row of the account's own log of sign-ins and passkey changes.
pub fn account_event(i18n: I18n, e: AccountEvent) -> String {
    match e {
        AccountEvent::CodeSignIn => t_string!(i18n, event_code_sign_in),
        AccountEvent::PasskeySignIn => t_string!(i18n, event_passkey_sign_in),
        AccountEvent::PasskeyRefused => t_string!(i18n, event_passkey_refused),
        AccountEvent::PasskeyAdded => t_string!(i18n, event_passkey_added),
        AccountEvent::PasskeyRemoved => t_string!(i18n, event_passkey_removed),
        AccountEvent::RecoveryAsked => t_string!(i18n, event_recovery_asked),
        AccountEvent::RecoveryDone => t_string!(i18n, event_recovery_done),
        AccountEvent::RecoveryStopped => t_string!(i18n, event_recovery_stopped),
        AccountEvent::JoinCodeRefused => t_string!(i18n, event_join_code_refused),
        AccountEvent::ProviderSignIn => t_string!(i18n, event_provider_sign_in),
        AccountEvent::ProviderLinked => t_string!(i18n, event_provider_linked),
        AccountEvent::ProviderRefused => t_string!(i18n, event_provider_refused),
        AccountEvent::ProviderUnlinked => t_string!(i18n, event_provider_unlinked),
    }
    .to_string()
}

/// The mail after someone reported a lost passkey: when the passkeys go,
/// and how to stop it (subject, body). Nothing about any case.
pub fn passkey_recovery_mail(lang: &str, when: &str, zone: &str) -> (String, String) {
    let locale = lang.parse::<Locale>().unwrap_or_default();
    (
        td_string!(locale, mail_recovery_subject).to_string(),
        td_string!(locale, mail_recovery_body, when, zone).to_string(),
    )
}

/// The notice that an identity at the provider (`name`) was linked to the
/// account: (subject, body).
pub fn provider_linked_mail(lang: &str, name: &str) -> (String, String) {
    let locale = lang.parse::<Locale>().unwrap_or_default();
    (
        td_string!(locale, mail_provider_linked_subject, name).to_string(),
        td_string!(locale, mail_provider_linked_body, name).to_string(),
    )
}

/// The sign-in e-mail in the recipient's language: (subject, body). It holds
/// the code and nothing else about the person.
pub fn sign_in_mail(lang: &str, code: &str) -> (String, String) {
    let locale = lang.parse::<Locale>().unwrap_or_default();
    (td_string!(locale, mail_code_subject).to_string(), td_string!(locale, mail_code_body, code).to_string())
}

/// The one message about a case: a neutral sentence and a link, nothing else.
/// The answer to a form whose fields are not readable text (not UTF-8).
pub fn unreadable_input(lang: &str) -> String {
    let locale = lang.parse::<Locale>().unwrap_or_default();
    td_string!(locale, err_unreadable_input).to_string()
}

/// The page of a request that failed on our side (a panic caught by the
/// server): a complete HTML document, with nothing of the request in it.
pub fn failure_page(lang: &str) -> String {
    let locale = lang.parse::<Locale>().unwrap_or_default();
    let title = td_string!(locale, failure_title).to_string();
    let body = td_string!(locale, failure_body).to_string();
    let retry = td_string!(locale, unavailable_retry).to_string();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title></head><body><main><h1>{title}</h1>\
         <p role=\"alert\">{body}</p><p><a href=\"\">{retry}</a></p></main></body></html>",
        lang = locale.as_str()
    )
}

pub fn news_mail(lang: &str, link: &str) -> (String, String) {
    let locale = lang.parse::<Locale>().unwrap_or_default();
    (td_string!(locale, mail_news_subject).to_string(), td_string!(locale, mail_news_body, link).to_string())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    fn keys(lang: &str) -> BTreeSet<String> {
        let path = format!("{}/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
        map.keys().cloned().collect()
    }

    #[test]
    fn sign_in_mail_speaks_the_language() {
        let (subject, body) = super::sign_in_mail("fi", "123456");
        assert!(subject.contains("kirjautumiskoodi"));
        assert!(body.contains("123456"));
        let (subject, _) = super::sign_in_mail("xx", "1");
        assert_eq!(subject, "Your sign-in code for rtw-portal");
    }

    /// A key missing in one language would silently show English there.
    #[test]
    fn every_language_has_every_key() {
        let en = keys("en");
        assert!(en.len() > 50);
        for lang in ["fi", "nl"] {
            let other = keys(lang);
            assert_eq!(en.difference(&other).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in {lang}");
            assert_eq!(other.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "extra in {lang}");
        }
    }
}
