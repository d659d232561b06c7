export enum ReferenceErrorCode {
  RegionExists = 'region_exists',
}
