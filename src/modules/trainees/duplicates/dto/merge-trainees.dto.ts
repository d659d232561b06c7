import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';

/** The fields a merge takes from one record or the other. */
export const MERGE_FIELDS = [
  'fullName',
  'latinName',
  'sex',
  'profession',
  'organizationId',
  'regionCode',
  'birthYear',
  'phone',
  'email',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export type MergeSide = 'survivor' | 'merged';
const SIDES: MergeSide[] = ['survivor', 'merged'];

const SideField = () => ApiPropertyOptional({ enum: SIDES, default: 'survivor' });

/** For each field, whose value the surviving record keeps; the survivor's when not given. */
export class MergeValuesDto implements Partial<Record<MergeField, MergeSide>> {
  @SideField() @IsOptional() @IsIn(SIDES) fullName?: MergeSide;
  @SideField() @IsOptional() @IsIn(SIDES) latinName?: MergeSide;
  @SideField() @IsOptional() @IsIn(SIDES) sex?: MergeSide;
  @SideField() @IsOptional() @IsIn(SIDES) profession?: MergeSide;
  @SideField() @IsOptional() @IsIn(SIDES) organizationId?: MergeSide;
  @SideField() @IsOptional() @IsIn(SIDES) regionCode?: MergeSide;
  @SideField() @IsOptional() @IsIn(SIDES) birthYear?: MergeSide;
  @SideField() @IsOptional() @IsIn(SIDES) phone?: MergeSide;
  @SideField() @IsOptional() @IsIn(SIDES) email?: MergeSide;
}

export class MergeTraineesDto {
  @ApiProperty({ format: 'uuid', description: 'The record that stays' })
  @IsUUID()
  survivorId: string;

  @ApiProperty({ format: 'uuid', description: 'The duplicate: its records move to the survivor, and it is retired' })
  @IsUUID()
  mergedId: string;

  @ApiPropertyOptional({ type: MergeValuesDto, example: { fullName: 'merged', birthYear: 'merged' } })
  @IsOptional()
  @ValidateNested()
  @Type(() => MergeValuesDto)
  values?: MergeValuesDto;
}
