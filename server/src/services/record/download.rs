//! A download of the record: everything the case holds but its log, read
//! in one snapshot after one logged authorization (`ExportRecord`, the
//! worker only), then the log a page at a time up to the row that was
//! newest at the snapshot. The file is written as it is sent, so a case
//! with a log of 100,000 rows costs a page of memory, not the whole file
//! (docs/PERFORMANCE.md), and no database connection is held between pages.

use super::fhir;
use crate::error::Result;
use crate::services::authz::authorize;
use crate::services::PortalService;
use crate::store::{
    access_log, case, concerns, notes, plan, record, referrals, requests, sharing, statements, timeline, work,
};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, RecordFile};
use futures_util::stream::{self, StreamExt};

/// Rows of the log read and written at a time.
pub const LOG_PAGE: i64 = 1000;

/// The file of `case`'s record in `format`, once its worker is allowed.
pub async fn file(s: &PortalService, actor: &Account, case: CaseId, format: RecordFormat) -> Result<RecordFile> {
    let snap = read(s, actor, case).await?;
    // The file is the snapshot's record with an empty log (the last member
    // of the JSON's object and of the bundle's entries), then the log's rows
    // appended a page at a time.
    let head = match format {
        RecordFormat::Json => serde_json::to_vec(&snap.record),
        RecordFormat::Fhir => serde_json::to_vec(&fhir::bundle(&snap.record, &s.public_url)),
    }
    .map_err(unwritable)?;
    let mut head = head;
    if !head.ends_with(b"]}") {
        tracing::error!("the record's last member is not its log");
        return Err(AppError::Unavailable.into());
    }
    head.truncate(head.len() - 2);
    let first = head.ends_with(b"[");
    let name = format.file_name(snap.today);
    let pages = stream::try_unfold(
        Pages { s: s.clone(), snap, format, after: LogId(0), first, done: false },
        |mut p| async move {
            let page = p.next().await.map_err(AppError::from)?;
            Ok(page.map(|bytes| (bytes, p)))
        },
    );
    let body =
        stream::once(async move { Ok(head) }).chain(pages).chain(stream::once(async { Ok(b"]}".to_vec()) })).boxed();
    Ok(RecordFile { name, media_type: format.media_type(), body })
}

/// The record as of one moment, its log left to read.
struct Snapshot {
    record: Record,
    worker: AccountId,
    /// The newest row of the case's log at the snapshot.
    log_upto: LogId,
    /// The worker's date today.
    today: chrono::NaiveDate,
}

#[tracing::instrument(skip_all, fields(case = %case))]
async fn read(s: &PortalService, actor: &Account, case: CaseId) -> Result<Snapshot> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ExportRecord, None).await?;
    let c = ok.case_id;
    let row = tx.case_row(c).await?.ok_or(AppError::NotFound)?;
    let email = case::worker_email(&mut tx, c).await?;
    let team = record::team(&mut tx, c).await?;
    let grants = sharing::history(&mut tx, c, None, i64::MAX).await?;
    let log_upto = access_log::last_of_case(&mut tx, c).await?;
    let adjustments = work::of_case_with_history(&mut tx, c).await?;
    let concerns_list = concerns::of_case(&mut tx, c).await?;
    let disclosure_plan = concerns::plan(&mut tx, c).await?;
    let referrals_list = referrals::of_case(&mut tx, c).await?;
    let information_requests = requests::of_case(&mut tx, c, None).await?;
    let notes_list = notes::of_case(&mut tx, c, None).await?;
    let statements_list = statements::of_case(&mut tx, c).await?;
    let own_views = statements::own_views(&mut tx, c).await?;
    let milestones = timeline::marks(&mut tx, c).await?;
    let plan_versions = plan::versions(&mut tx, c).await?;
    let plan_evaluations = plan::evaluations(&mut tx, c).await?;
    tx.commit().await?;
    let record = Record {
        format: "rtw-portal-record".into(),
        version: RECORD_VERSION,
        exported_at: ok.now.at,
        case: RecordCase {
            id: c,
            worker_name: row.worker_name().to_string(),
            email,
            dates: row.dates,
            country: row.country,
            time_zone: row.zone.name().to_string(),
            coordinator_contact: row.coordinator_contact,
            protection: row.protection.clone(),
            closed_on: row.closed_on,
        },
        team,
        grants,
        adjustments,
        concerns: concerns_list,
        disclosure_plan,
        referrals: referrals_list,
        information_requests,
        notes: notes_list,
        statements: statements_list,
        own_views: own_views.into_iter().map(|(statement, view)| RecordOwnView { statement, view }).collect(),
        milestones,
        plan_versions,
        plan_evaluations,
        access_log: Vec::new(),
    };
    Ok(Snapshot { record, worker: ok.worker_id, log_upto, today: ok.now.today() })
}

/// The log of a download, page by page.
struct Pages {
    s: PortalService,
    snap: Snapshot,
    format: RecordFormat,
    after: LogId,
    /// No row written yet (and nothing before the log's first row).
    first: bool,
    done: bool,
}

impl Pages {
    /// The next page's rows as the file's bytes, `None` after the last.
    async fn next(&mut self) -> Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let case = self.snap.record.case.id;
        let mut tx = self.s.db.begin_read().await?;
        let (rows, last) = access_log::for_case_after(&mut tx, case, self.after, self.snap.log_upto, LOG_PAGE).await?;
        tx.commit().await?;
        let Some(last) = last else { return Ok(None) };
        self.done = last >= self.snap.log_upto;
        self.after = last;
        let mut out = Vec::with_capacity(rows.len() * 640);
        for l in rows {
            if !std::mem::take(&mut self.first) {
                out.push(b',');
            }
            let row = log_row(l, self.snap.worker);
            match self.format {
                RecordFormat::Json => serde_json::to_writer(&mut out, &row),
                RecordFormat::Fhir => serde_json::to_writer(
                    &mut out,
                    &fhir::audit_entry(&row, case, &self.snap.record.team, &self.s.public_url),
                ),
            }
            .map_err(unwritable)?;
        }
        Ok(Some(out))
    }
}

/// A row of the log as the worker's file says it.
fn log_row(l: access_log::Stored, worker: AccountId) -> LogRow {
    let e = l.entry;
    LogRow {
        id: l.id,
        at: e.at,
        by: if e.actor == Some(worker) { "worker".into() } else { e.role },
        participant: e.participant_id,
        action: e.action,
        category: e.category,
        purpose: e.purpose,
        grant: e.grant_id,
        allowed: e.allowed,
    }
}

fn unwritable(e: serde_json::Error) -> AppError {
    tracing::error!(error = %e, "the record did not serialize");
    AppError::Unavailable
}
