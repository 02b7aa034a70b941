//! `poskeeper attachment …` (SPEC §2, §4): photos, scans and PDFs kept with a terminal, SIM card,
//! deposit or repair ticket.

use super::args::AttachmentCmd;
use super::items::id;
use super::output::print_json;
use super::Ctx;
use poskeeper::domain::AttachmentOwner;
use poskeeper::files::attachment;
use poskeeper::Result;

pub(super) fn run(ctx: &Ctx, cmd: AttachmentCmd) -> Result<()> {
    match cmd {
        AttachmentCmd::Add { owner, key, file, downsize, document } => {
            let owner = AttachmentOwner::parse(&owner)?;
            let (name, data) = attachment::read(&file)?;
            let prepared = attachment::prepare(&name, data, downsize)?;
            let a = ctx.open()?.add_attachment(owner, &key, &prepared, document.as_deref(), ctx.clock.now_utc())?;
            outln!("{}", a.id);
        }
        AttachmentCmd::List { owner, key, json } => {
            let owner = AttachmentOwner::parse(&owner)?;
            let list = ctx.open()?.attachments(owner, &key)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                outln!("{}", ctx.lang.pick("没有附件", "沒有附件", "no attachments"));
            }
            for a in list {
                let doc = a.document.as_deref().map(|d| poskeeper::domain::check_item_label(d, ctx.lang)).unwrap_or("");
                let kb = a.size.div_ceil(1024);
                outln!(
                    "{}\t{}\t{}\t{kb} KB\t{}\t{doc}",
                    a.id,
                    a.name,
                    a.kind.label(ctx.lang),
                    a.added_at.format("%Y-%m-%d")
                );
            }
        }
        AttachmentCmd::Save { id: given, out } => {
            let id = id("attachment", &given)?;
            attachment::save(&ctx.open()?, id, &out)?;
        }
        AttachmentCmd::Remove { id: given } => {
            let id = id("attachment", &given)?;
            ctx.open()?.remove_attachment(id)?;
        }
    }
    Ok(())
}
