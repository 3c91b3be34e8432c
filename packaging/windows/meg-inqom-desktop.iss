; Inno Setup 6.3+ script: per-user installer of meg-inqom-desktop (no administrator rights).
;
; Build on Windows, from the repository root, after `python packaging\build.py`:
;     python packaging\build.py --installer
; or by hand:
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 ^
;         /DBundleDir=%CD%\dist\meg-inqom-desktop packaging\windows\meg-inqom-desktop.iss
; Output: dist\installer\meg-inqom-desktop-<version>-setup.exe
;
; What it does:
; - installs into %LOCALAPPDATA%\Programs\MEG Inqom (PrivilegesRequired=lowest), for the
;   current user only; a Start menu shortcut, an optional desktop shortcut;
; - closes a running copy first (Restart Manager), upgrades in place (same AppId);
; - uninstalls the program; the data folder (database, pièces, journaux) is KEPT unless the
;   user answers "Oui" to the question, asked with "Non" as the default and never in silent
;   mode; the "start with the session" Run value is always removed.
; Data folder (platformdirs): %LOCALAPPDATA%\meg-inqom\meg-inqom-desktop (logs under \Logs).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\meg-inqom-desktop"
#endif
#define AppName "MEG Inqom"
#define AppExeName "meg-inqom-desktop.exe"
#define CliExeName "meg-inqom.exe"
#define RunValueName "MEG-Inqom-Desktop"
#define DataParent "meg-inqom"
#define DataFolder "meg-inqom-desktop"

[Setup]
AppId={{3759F0FE-F864-5C87-9656-671B800F4C9A}
AppName={#AppName}
AppVerName={#AppName} {#AppVersion}
AppVersion={#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=meg-inqom
AppComments=Écritures validées de MEG vers Inqom, grand livre local et export FEC
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=meg-inqom-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
french.DeleteDataQuestion=Supprimer aussi les données de l'application ?%n%nDossier : %1%n%nIl contient la base (écritures, historique), les pièces téléchargées, les copies de sauvegarde et les journaux. Répondez « Non » pour les garder (réinstallation, changement de poste).
english.DeleteDataQuestion=Also delete the application's data?%n%nFolder: %1%n%nIt holds the database, downloaded documents, backups and logs. Answer "No" to keep them.
french.DataKept=Les données sont conservées dans : %1
english.DataKept=Your data was kept in: %1

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; files of an older version that the new one no longer ships
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: dirifempty; Name: "{app}"

[Code]
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataParent}\{#DataFolder}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
  begin
    { "Lancer au démarrage de la session" points at the program being removed. }
    RegDeleteValue(HKEY_CURRENT_USER, 'Software\Microsoft\Windows\CurrentVersion\Run',
      '{#RunValueName}');
  end;
  if CurUninstallStep = usPostUninstall then
  begin
    if not DirExists(DataDir()) then
      Exit;
    if (not UninstallSilent()) and
       (SuppressibleMsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [DataDir()]),
          mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES) then
    begin
      DelTree(DataDir(), True, True, True);
      RemoveDir(ExpandConstant('{localappdata}\{#DataParent}'));
    end
    else if not UninstallSilent() then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir()]), mbInformation, MB_OK);
  end;
end;
