<#
.SYNOPSIS
  Installe « meg-inqom serve » comme tâche de démarrage de Windows sous un compte de service :
  la synchronisation du cabinet tourne sans session ouverte et redémarre si elle s'arrête.

.DESCRIPTION
  Crée la tâche planifiée « MEG Inqom - synchronisation du cabinet » : déclenchée au démarrage
  de la machine, exécutée sous -Account (mot de passe demandé ; la tâche s'exécute même si
  personne n'est connecté, avec le profil du compte chargé, donc son Gestionnaire
  d'identification : ses autorisations MEG et Inqom et le mot de passe de la base y restent),
  relancée chaque minute en cas d'arrêt, sans limite de durée.
  Journal : <DataDir>\logs\service.log. Voir docs/FIRM.md.

.EXAMPLE
  .\install-service.ps1 -Account CABINET\svc-meg-inqom -DataDir D:\meg-inqom `
      -Database postgresql://meg@srv-compta/meg_inqom
#>
param(
    [Parameter(Mandatory = $true)] [string] $Account,
    [string] $Program = "$env:LOCALAPPDATA\Programs\MEG Inqom\meg-inqom.exe",
    [string] $DataDir = "$env:ProgramData\meg-inqom",
    [string] $Database = "",
    [string] $TaskName = "MEG Inqom - synchronisation du cabinet"
)
$ErrorActionPreference = "Stop"
if (-not (Test-Path $Program)) { throw "Programme introuvable : $Program (option -Program)." }
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
$arguments = "--data-dir `"$DataDir`""
if ($Database) { $arguments += " --database `"$Database`"" }
$arguments += " serve"
$credential = Get-Credential -UserName $Account -Message "Mot de passe du compte $Account"
$action = New-ScheduledTaskAction -Execute $Program -Argument $arguments -WorkingDirectory $DataDir
$trigger = New-ScheduledTaskTrigger -AtStartup
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -RestartCount 999 `
    -RestartInterval (New-TimeSpan -Minutes 1) -ExecutionTimeLimit ([TimeSpan]::Zero) `
    -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -MultipleInstances IgnoreNew
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings `
    -User $Account -Password $credential.GetNetworkCredential().Password -RunLevel Limited -Force |
    Out-Null
Start-ScheduledTask -TaskName $TaskName
Write-Host "Tâche « $TaskName » installée et démarrée sous $Account."
Write-Host "Journal : $DataDir\logs\service.log"
