//! Everything waiting for the worker, in one list for My case: each area
//! says what of its own waits (a referral or request to answer, a review
//! due, an agreement to confirm, a plan version to agree to, what the care
//! team wrote, her own steps of the road back), and this rule puts them in
//! the order of their dates, so the most pressing comes first.

use super::{
    Adjustment, AdjustmentStatus, InfoRequest, MilestoneLine, MilestoneState, PlanVersion, Referral, ReferralStatus,
    RequestStatus, Responsible, Zone,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One thing waiting for the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitingItem {
    /// A referral proposed to her: approve (perhaps narrowed) or decline.
    Referral(Referral),
    /// A referral she approved whose link ran out before the recipient
    /// answered: she can send a new link.
    LinkRanOut(Referral),
    /// A professional asks for information: approve or decline by its last day.
    Request(InfoRequest),
    /// An agreed adjustment whose review date has come.
    ReviewDue(Adjustment),
    /// The occupational physician noted an agreement: is it what was agreed?
    Recorded(Adjustment),
    /// A version of the plan of action waits for her agreement.
    Plan(PlanVersion),
    /// The care team wrote something since she last looked.
    Statements(u32),
    /// A step of the road back that is hers, overdue or due soon.
    Milestone(MilestoneLine),
}

/// An item and the day it is due (today for what waits now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub due: NaiveDate,
    pub item: WaitingItem,
}

/// What each area has that may be waiting for the worker.
pub struct WaitingSources<'a> {
    pub today: NaiveDate,
    pub zone: Zone,
    pub referrals: &'a [Referral],
    pub requests: &'a [InfoRequest],
    pub adjustments: &'a [Adjustment],
    /// The current version of the plan, when there is an employer to agree with.
    pub plan: Option<&'a PlanVersion>,
    pub new_statements: u32,
    pub milestones: &'a [MilestoneLine],
}

/// Everything waiting for the worker, by due date (what waits now first
/// among the same day; ties keep the order of the areas).
pub fn waiting_for_worker(s: &WaitingSources) -> Vec<Waiting> {
    let now = |item| Waiting { due: s.today, item };
    let mut all = Vec::new();
    for r in s.referrals {
        match r.status {
            ReferralStatus::AwaitingWorker => all.push(now(WaitingItem::Referral(r.clone()))),
            // While what she approved still runs, a new link can open it.
            ReferralStatus::Expired if r.approved_until.is_some_and(|u| u >= s.today) => {
                all.push(now(WaitingItem::LinkRanOut(r.clone())))
            }
            _ => {}
        }
    }
    for q in s.requests.iter().filter(|q| q.status == RequestStatus::Pending) {
        // Its last day to answer, where she lives.
        let last = s.zone.local(q.expires_at).map_or(s.today, |t| t.date());
        all.push(Waiting { due: last.max(s.today), item: WaitingItem::Request(q.clone()) });
    }
    for a in s.adjustments {
        if a.pending.is_some() && a.status == AdjustmentStatus::Proposed {
            all.push(now(WaitingItem::Recorded(a.clone())));
        }
        if let (true, Some(agreed)) = (a.review_due(s.today), a.agreement) {
            all.push(Waiting { due: agreed.review, item: WaitingItem::ReviewDue(a.clone()) });
        }
    }
    if let Some(v) = s.plan.filter(|v| v.worker_agreed.is_none()) {
        all.push(now(WaitingItem::Plan(v.clone())));
    }
    if s.new_statements > 0 {
        all.push(now(WaitingItem::Statements(s.new_statements)));
    }
    for l in s.milestones {
        let hers = l.responsible == Responsible::Worker && l.done.is_none() && !l.date_only;
        if hers && matches!(l.state, MilestoneState::Overdue | MilestoneState::DueSoon) {
            all.push(Waiting { due: l.due, item: WaitingItem::Milestone(l.clone()) });
        }
    }
    // A stable sort: the same day keeps the areas' order.
    all.sort_by_key(|w| w.due);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn adjustment(status: AdjustmentStatus, review: Option<NaiveDate>, pending: bool) -> Adjustment {
        let agreement = review.map(|review| Agreement { start: day(10, 1), review });
        Adjustment {
            id: AdjustmentId(1),
            text: AdjustmentText::parse("remote_work", "x", "", "", "").unwrap(),
            status,
            agreement,
            pending: pending.then_some(Agreement { start: day(12, 1), review: day(12, 20) }),
            reason: None,
            sent_to: vec![],
            history: vec![],
        }
    }

    fn milestone(state: MilestoneState, responsible: Responsible, due: NaiveDate) -> MilestoneLine {
        MilestoneLine {
            milestone: Milestone::FiKelaApplication,
            responsible,
            due,
            state,
            done: None,
            date_only: false,
            by_portal: false,
            may_mark: true,
        }
    }

    #[test]
    fn what_waits_is_ordered_by_its_date() {
        let today = day(12, 6);
        let adjustments = [
            adjustment(AdjustmentStatus::InPlace, Some(day(12, 1)), false),
            adjustment(AdjustmentStatus::Proposed, None, true),
            // Not due yet, and ended: neither waits.
            adjustment(AdjustmentStatus::Agreed, Some(day(12, 30)), false),
            adjustment(AdjustmentStatus::Ended, Some(day(11, 1)), false),
        ];
        let milestones = [
            milestone(MilestoneState::DueSoon, Responsible::Worker, day(12, 15)),
            milestone(MilestoneState::Overdue, Responsible::Worker, day(11, 20)),
            // The employer's step and a step far ahead are not hers to do now.
            milestone(MilestoneState::Overdue, Responsible::Employer, day(11, 1)),
            milestone(MilestoneState::Upcoming, Responsible::Worker, day(12, 30)),
        ];
        let w = waiting_for_worker(&WaitingSources {
            today,
            zone: Zone::HELSINKI,
            referrals: &[],
            requests: &[],
            adjustments: &adjustments,
            plan: None,
            new_statements: 2,
            milestones: &milestones,
        });
        let kinds: Vec<(NaiveDate, &str)> = w
            .iter()
            .map(|w| {
                let k = match &w.item {
                    WaitingItem::ReviewDue(_) => "review",
                    WaitingItem::Recorded(_) => "recorded",
                    WaitingItem::Statements(_) => "statements",
                    WaitingItem::Milestone(_) => "milestone",
                    _ => "other",
                };
                (w.due, k)
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                (day(11, 20), "milestone"),
                (day(12, 1), "review"),
                (today, "recorded"),
                (today, "statements"),
                (day(12, 15), "milestone"),
            ]
        );
    }
}
