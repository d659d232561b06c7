import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class ScoreDto {
  @ApiProperty()
  @IsUUID()
  traineeId: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  preScore?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  postScore?: number | null;
}

export class RecordScoresDto {
  @ApiProperty({ type: [ScoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ScoreDto)
  scores: ScoreDto[];
}

export class AssessmentResponseDto {
  @ApiProperty() traineeId: string;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty({ nullable: true, type: Number }) preScore: number | null;
  @ApiProperty({ nullable: true, type: Number }) postScore: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'post − pre, when both are known' })
  knowledgeGain: number | null;
}
