//! Attached files are listed in the case text so staff know they exist; the
//! bytes are not kept.

/// What we note about one attached file.
pub struct Attached<'a> {
    pub name: Option<&'a str>,
    pub content_type: Option<String>,
    pub bytes: usize,
}

/// A short list of the files, or an empty string when there are none.
pub fn listing<'a>(files: impl Iterator<Item = Attached<'a>>) -> String {
    let lines: Vec<String> = files
        .map(|file| {
            let name = file
                .name
                .map(|n| n.chars().filter(|c| !c.is_control()).collect::<String>())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| "a file without a name".to_owned());
            let kind = file
                .content_type
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            format!("- {} ({kind}, {})", name.trim(), size(file.bytes))
        })
        .collect();
    if lines.is_empty() {
        String::new()
    } else {
        format!(
            "Files attached to the email (we keep their names, not the files):\n{}",
            lines.join("\n")
        )
    }
}

fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    match bytes {
        b if b < KIB => format!("{b} bytes"),
        b if b < KIB * KIB => format!("{} KB", b.div_ceil(KIB)),
        b => format!("{:.1} MB", b as f64 / (KIB * KIB) as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_listed_with_type_and_size() {
        let files = [
            Attached {
                name: Some("report.pdf"),
                content_type: Some("application/pdf".into()),
                bytes: 2048,
            },
            Attached {
                name: None,
                content_type: None,
                bytes: 3 * 1024 * 1024,
            },
        ];
        let text = listing(files.into_iter());
        assert!(text.contains("- report.pdf (application/pdf, 2 KB)"));
        assert!(text.contains("- a file without a name (application/octet-stream, 3.0 MB)"));
        assert_eq!(listing(std::iter::empty()), "");
    }
}
