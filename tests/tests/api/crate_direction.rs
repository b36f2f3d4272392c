//! Dependencies point down only: functions -> domains -> platform. The platform depends on no
//! Ferrofin crate, a domain crate on the platform and other domains' public APIs only (never on
//! a function, the devserver or the tests), and a function crate on no other function.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The Ferrofin crates a manifest depends on (normal dependencies only).
fn ferrofin_dependencies(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).expect("manifest");
    let mut in_dependencies = false;
    let mut found = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies && line.starts_with("ferrofin-") {
            let name = line.split(['.', ' ', '=']).next().unwrap_or_default();
            found.push(name.to_owned());
        }
    }
    found
}

fn crates_under(folder: &str) -> Vec<(String, Vec<String>)> {
    let mut crates: Vec<(String, Vec<String>)> = std::fs::read_dir(workspace().join(folder))
        .expect("folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.join("Cargo.toml").is_file())
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .expect("name")
                .to_owned();
            (name, ferrofin_dependencies(&path.join("Cargo.toml")))
        })
        .collect();
    crates.sort();
    crates
}

#[test]
fn the_platform_depends_on_no_ferrofin_crate() {
    let manifest = workspace().join("shared/platform/Cargo.toml");
    assert_eq!(ferrofin_dependencies(&manifest), Vec::<String>::new());
}

#[test]
fn domain_crates_depend_only_on_the_platform_and_other_domains() {
    let domains = crates_under("shared");
    assert!(
        domains.len() > 1,
        "shared/ holds the platform and the domains"
    );
    for (domain, dependencies) in &domains {
        for dependency in dependencies {
            let lower = dependency.starts_with("ferrofin-fn-")
                || dependency == "ferrofin-devserver"
                || dependency == "ferrofin-tests";
            assert!(
                !lower,
                "shared/{domain} depends on {dependency}: domains never depend on functions"
            );
            let name = dependency.trim_start_matches("ferrofin-");
            assert!(
                domains.iter().any(|(other, _)| other == name),
                "shared/{domain} depends on {dependency}, which is not a shared crate"
            );
        }
    }
}

#[test]
fn function_crates_do_not_depend_on_each_other() {
    for (function, dependencies) in crates_under("functions") {
        // The docs function assembles every group's OpenAPI document.
        if function == "docs" {
            continue;
        }
        for dependency in dependencies {
            assert!(
                !dependency.starts_with("ferrofin-fn-"),
                "functions/{function} depends on {dependency}: functions share code through the domains"
            );
        }
    }
}
