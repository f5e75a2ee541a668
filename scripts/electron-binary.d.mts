export interface ElectronLocation {
  path?: string;
  packageDir?: string;
  reason?: string;
}
export function locateElectron(): ElectronLocation;
export function installerNodeProblem(packageDir: string, nodeVersion?: string): string | null;
