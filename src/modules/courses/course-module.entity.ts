import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';

import { Audited } from '../audit/index.js';
import { Course, type LocalizedText } from './course.entity.js';

/**
 * A topic of a course with its teaching hours; sessions say which module they teach.
 * The position key is checked at commit, so an edit can reorder modules in place (keeping
 * their ids, which sessions point to) without passing through a clash half-way.
 */
@Entity('course_modules')
@Unique('course_modules_position_key', ['courseId', 'position'], { deferrable: 'INITIALLY DEFERRED' })
@Audited({ entityType: 'course_module', values: ['courseId', 'position', 'titles', 'hours'] })
export class CourseModule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Course, (course) => course.modules, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course: Relation<Course>;

  @Column({ type: 'uuid' })
  courseId: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'jsonb' })
  titles: LocalizedText;

  @Column({
    type: 'numeric',
    precision: 5,
    scale: 1,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  hours: number;
}
