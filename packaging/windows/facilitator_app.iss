; Inno Setup 6 script: the Windows installer for the one-folder app.
;
; packaging/windows/build.ps1 compiles it after PyInstaller, passing the build's names:
;
;   ISCC.exe /DAppName="Group planner" /DAppProgram=group-planner /DAppFolder=group-planner
;            /DAppVersion=0.1.0 /DSourceDir=C:\src\dist\group-planner /DOutputDir=C:\src\dist
;            packaging\windows\facilitator_app.iss
;
; and it writes <OutputDir>\<program>-<version>-setup.exe. Without the defines it packs the
; app under its own name from dist\facilitator-app.
;
; The installer is per person: no administrator rights, files under
; %LOCALAPPDATA%\Programs, a Start-menu shortcut, an optional desktop shortcut, and an
; entry in Settings > Apps to uninstall it. It starts nothing at sign-in and contacts no one.
; Needs Inno Setup 6.3 or later (the "x64compatible" architecture name).

; --- What build.ps1 passes (the defaults build the app under its own name) ---------------
#ifndef AppName
  #define AppName "Facilitator App"
#endif
#ifndef AppProgram
  #define AppProgram "facilitator-app"
#endif
; The person's data folder, %LOCALAPPDATA%\<AppFolder> (facilitator_app/product.py: the
; app's own name keeps its first spelling; a neutral build uses the program name).
#ifndef AppFolder
  #if AppProgram == "facilitator-app"
    #define AppFolder "facilitator_app"
  #else
    #define AppFolder AppProgram
  #endif
#endif
#ifndef AppVersion
  ; build.ps1 always passes the real one (facilitator_app.__version__).
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\" + AppProgram
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

; Windows knows an installed app by its AppId, so it never changes: a new version with the
; same AppId upgrades in place. A neutral build is a different app to Windows (it may sit
; beside the app's own build), so its AppId adds the program name to the same GUID.
; "{{" is how Inno Setup writes a literal "{".
#ifndef AppId
  #if AppProgram == "facilitator-app"
    #define AppId "{{B930B4FF-9C76-45EC-9AB9-B00F30B5FA2E}"
  #else
    #define AppId "{{B930B4FF-9C76-45EC-9AB9-B00F30B5FA2E}-" + AppProgram
  #endif
#endif

; The name as it appears in the wizard and in places that expand constants, where "{" would
; start one; and as a file name (folder, shortcuts), where Windows refuses / : * ? |.
#define ShownName StringChange(AppName, "{", "{{")
#define SlashFree StringChange(StringChange(ShownName, "/", "-"), ":", "-")
#define FileName StringChange(StringChange(StringChange(SlashFree, "*", "-"), "?", "-"), "|", "-")

[Setup]
AppId={#AppId}
AppName={#ShownName}
AppVersion={#AppVersion}
AppVerName={#ShownName} {#AppVersion}
UninstallDisplayName={#ShownName}
UninstallDisplayIcon={app}\{#AppProgram}.exe
; Per person, never elevated: {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#FileName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 1809 and later.
MinVersion=10.0.17763
WizardStyle=modern
ShowLanguageDialog=no
; An open copy of the app is closed before its files are replaced, and not restarted.
CloseApplications=yes
RestartApplications=no
OutputDir={#OutputDir}
OutputBaseFilename={#AppProgram}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
; The person's records are not part of the installation (see [Files]), so uninstalling
; leaves them; the wording says so rather than promising to remove "all of its components".
ConfirmUninstall=Remove %1 from this computer?%n%nAny records you made are not removed: they stay, encrypted, in the folder AppData\Local\{#AppFolder} until you delete it yourself.
UninstalledAll=%1 was removed from this computer.%n%nAny records you made are still in the folder AppData\Local\{#AppFolder}, encrypted. To remove them too, delete that folder.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the app's libraries whole: a Qt plugin left from an older version
; would be loaded beside the new ones. Only the installed program folder is touched.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; Only the program folder PyInstaller made. The uninstaller removes exactly what is
; installed here, and so never the person's data: their encrypted store and logs live in
; %LOCALAPPDATA%\<AppFolder>, which this installer neither creates nor lists. Removing that
; data is a separate, deliberate act (packaging/README.md). Do not add an [UninstallDelete]
; entry for it.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The windowed program; the -cli program beside it is for a terminal.
Name: "{autoprograms}\{#FileName}"; Filename: "{app}\{#AppProgram}.exe"
Name: "{autodesktop}\{#FileName}"; Filename: "{app}\{#AppProgram}.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppProgram}.exe"; Description: "Open {#ShownName} now"; Flags: nowait postinstall skipifsilent
