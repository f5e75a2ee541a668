export interface ElectronLocation {
  path?: string;
  packageDir?: string;
  reason?: string;
}
export function locateElectron(): ElectronLocation;
