#!/usr/bin/env bash
# Packs Latent and Latent.Models, builds samples/W1StepTime OUTSIDE the repository (so no Directory.Build.props applies)
# against the packages from a local folder feed, once as is and once with -p:LatentGCSettings=false, and runs both:
# W1's step time as a program that references the library from NuGet sees it, with and without the package's GC settings.
#   samples/measure-gc-settings.sh [timed-steps] [warm-up-steps]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
# A package version of its own, so that no earlier package of the same version in the NuGet cache is taken instead.
version="0.0.0-local.$(date +%s)"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
trap 'rm -rf "$work" "$cache/latent/$version" "$cache/latent.models/$version"' EXIT
dotnet build "$root/src/Latent.Models" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
for project in Latent Latent.Models; do
  dotnet pack "$root/src/$project" -c Release --no-build -nologo -v q -clp:ErrorsOnly -o "$work/feed" -p:PackageVersion="$version" >/dev/null
done
for variant in with without; do
  app="$work/$variant"
  mkdir -p "$app"
  cp "$root/samples/W1StepTime/Program.cs" "$app/"
  cat > "$app/nuget.config" <<XML
<configuration><packageSources><clear /><add key="latent" value="$work/feed" /></packageSources></configuration>
XML
  cat > "$app/W1StepTime.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>
  $( [ "$variant" = without ] && echo "<LatentGCSettings>false</LatentGCSettings>" )</PropertyGroup>
  <ItemGroup><PackageReference Include="Latent.Models" Version="$version" /></ItemGroup>
</Project>
XML
  dotnet build "$app" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
  echo "== $variant the package's GC settings ($(grep -c 'System.GC.LOHThreshold' "$app/bin/Release/net10.0/W1StepTime.runtimeconfig.json" || true) LOHThreshold line in runtimeconfig.json)"
  dotnet "$app/bin/Release/net10.0/W1StepTime.dll" "$@"
done
